package io.zbuf.examples.jmh;

import io.zbuf.core.user.BpfRecord;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.RecordHandler;
import io.zbuf.spi.BpfException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import static io.zbuf.examples.jmh.BenchmarkBuffers.packet;
import static io.zbuf.examples.jmh.BenchmarkBuffers.packetBytes;

/**
 * The user side's walk over a held buffer: {@link HeldBuffer#forEach(RecordHandler)} checks each record header
 * and moves the {@link BpfRecord} flyweight to it; the handler reads {@code bh_caplen} and the packet's
 * EtherType, as a decoder would at least.
 *
 * <p>The buffer is a full 512 KiB one that the kernel side filled with packets of one size and handed over: 5461
 * records of 64 bytes, or 343 of 1500. A held buffer stays readable until acknowledged, so every invocation
 * rewinds its cursor and walks the same records again. The primary score is time per buffer walk; the {@code records} counter reports time
 * per record.
 */
public class RecordWalkBenchmark extends BenchmarkDefaults {
    private static final int ETHER_TYPE = 12;

    /** Bytes per packet: a small frame or a full Ethernet MTU. */
    @Param({"64", "1500"})
    public int size;

    private HeldBuffer held;
    private RecordHandler touch;
    private RecordHandler touchThroughView;

    /** Records walked, for JMH to report time per record. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Records {
        public long records;

        @Setup(Level.Iteration)
        public void clear() {
            records = 0;
        }
    }

    @Setup
    public void setUp(Blackhole blackhole) throws BpfException {
        held = new BenchmarkDescriptor().fill(packet(packetBytes(size), 1));
        touch = record -> blackhole.consume(record.caplen() + record.unsignedShortAt(ETHER_TYPE));
        touchThroughView = record -> blackhole.consume(record.caplen() + record.packet().getShort(ETHER_TYPE));
    }

    /** One walk over every record of the held buffer. */
    @Benchmark
    public void walk(Records counter) {
        held.rewind();
        counter.records += held.forEach(touch);
    }

    /** The same walk, reading the EtherType through each record's {@link BpfRecord#packet()} view. */
    @Benchmark
    public void walkThroughPacketViews(Records counter) {
        held.rewind();
        counter.records += held.forEach(touchThroughView);
    }
}
