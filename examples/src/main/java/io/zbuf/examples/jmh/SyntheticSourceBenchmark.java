package io.zbuf.examples.jmh;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.SyntheticSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the simulator's packet generator costs per packet, the part of {@code zbuf bench}'s kernel thread that is
 * not {@link TapBenchmark}: {@link SyntheticSource#next(Packet)} rewrites the identification, IPv4 checksum and
 * sequence number of a frame built once for its size and hands it out as one fragment.
 */
public class SyntheticSourceBenchmark extends BenchmarkDefaults {
    /** Bytes per frame. */
    @Param({"64", "1500"})
    public int size;

    private SyntheticSource source;
    private final Packet packet = new Packet(1);

    @Setup
    public void setUp() {
        source = SyntheticSource.builder().frameSize(size).build();
    }

    /** The next packet; returns its wire length. */
    @Benchmark
    public int next() {
        source.next(packet);
        return packet.wireLength();
    }
}
