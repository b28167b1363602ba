package io.zbuf.examples.jmh;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import static io.zbuf.examples.jmh.BenchmarkBuffers.packet;
import static io.zbuf.examples.jmh.BenchmarkBuffers.packetBytes;

/**
 * The kernel side's path per packet: {@link BpfDescriptor#tap(Packet)} runs the accept-all filter, stamps the
 * record with the real clock, writes its header and copies the packet (one fragment) into the store buffer, and
 * rotates when the buffer is full. With {@code tstamp=NONE} the clock is not read, which shows what the clock costs.
 *
 * <p>The user side acknowledges each buffer as soon as it is handed over, so every packet is stored and none is
 * dropped (checked at the end of each trial): this is the steady state of a reader that keeps up, not the drop
 * path. That acknowledgement, once per 5461 or 343 packets, is part of the score.
 */
public class TapBenchmark extends BenchmarkDefaults {
    /** Bytes per packet: a small frame or a full Ethernet MTU. */
    @Param({"64", "1500"})
    public int size;

    /** How records are stamped: the default (a clock read per packet) or {@code BPF_T_NONE} (no clock read). */
    @Param({"MICROTIME", "NONE"})
    public TimestampFormat tstamp;

    private BenchmarkDescriptor descriptor;
    private Packet packet;

    @Setup
    public void setUp() throws BpfException {
        descriptor = new BenchmarkDescriptor();
        descriptor.kernel.setTimestampType(TimestampType.of(tstamp));
        packet = packet(packetBytes(size), 1);
    }

    /** One packet tapped; returns whether it made the kernel hand a buffer over. */
    @Benchmark
    public boolean tap() {
        boolean handedOver = descriptor.kernel.tap(packet);
        if (handedOver) {
            descriptor.handedOver().acknowledge();
        }
        return handedOver;
    }

    /** Fails the trial if a packet was dropped: then it did not measure the steady state. */
    @TearDown
    public void noneDropped() throws BpfException {
        long dropped = descriptor.kernel.stats().dropped();
        if (dropped != 0) {
            throw new IllegalStateException(dropped + " packets were dropped");
        }
    }
}
