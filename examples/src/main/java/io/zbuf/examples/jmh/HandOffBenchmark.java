package io.zbuf.examples.jmh;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.spi.BpfException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import static io.zbuf.examples.jmh.BenchmarkBuffers.packet;
import static io.zbuf.examples.jmh.BenchmarkBuffers.packetBytes;

/**
 * The header hand-off, both sides in this thread, one buffer per operation: the kernel side hands a buffer
 * holding one record over ({@code kernel_len}, release store of {@code kernel_gen}), the user side sees it
 * ({@link io.zbuf.core.user.ZbufConsumer#poll()}: acquire load of {@code kernel_gen}, snapshot of
 * {@code kernel_len}) and acknowledges it (release store of {@code user_gen}), and the kernel side reclaims it
 * before it next writes (acquire load of {@code user_gen}). Buffers A and B alternate, as in a capture.
 *
 * <p>The buffers are made so small that one record of a 64-byte packet fills one: two 64-byte pages
 * ({@link BpfDescriptor#MIN_PAGE_SIZE}), 96 bytes of record space for a 90-byte record. Every operation taps
 * one such packet, so {@link TapBenchmark} at 64 bytes is the part of the score that is not the hand-off. One
 * thread on one core: this is the cost of the protocol's instructions, not of moving cache lines between cores.
 */
public class HandOffBenchmark extends BenchmarkDefaults {
    private static final int PACKET_SIZE = 64;
    private static final int PAGE_SIZE = BpfDescriptor.MIN_PAGE_SIZE;
    private static final int BUFFER_LENGTH = 2 * PAGE_SIZE;

    private BenchmarkDescriptor descriptor;
    private Packet packet;

    @Setup
    public void setUp() throws BpfException {
        descriptor = new BenchmarkDescriptor(PAGE_SIZE, BUFFER_LENGTH);
        packet = packet(packetBytes(PACKET_SIZE), 1);
        descriptor.kernel.tap(packet);
    }

    /**
     * The steady state of a capture: the store buffer is full, so the tap hands it over and stores its record in
     * the other buffer ({@code ROTATE_BUFFERS} in {@code catchpacket()}). Returns the {@code kernel_len} seen.
     */
    @Benchmark
    public int whenFull() {
        descriptor.kernel.tap(packet);
        return seeAndAcknowledge();
    }

    /**
     * The read timeout's path: a tap stores a record and BIOCROTZBUF hands the buffer over before it is full.
     * BIOCROTZBUF answers with a new {@link io.zbuf.spi.Rotation}, so this path allocates one per buffer.
     * Returns the {@code kernel_len} seen.
     */
    @Benchmark
    public int byRotateZbuf() throws BpfException {
        descriptor.kernel.rotateZbuf();
        int length = seeAndAcknowledge();
        descriptor.kernel.tap(packet);
        return length;
    }

    private int seeAndAcknowledge() {
        HeldBuffer held = descriptor.handedOver();
        int length = held.length();
        held.acknowledge();
        return length;
    }
}
