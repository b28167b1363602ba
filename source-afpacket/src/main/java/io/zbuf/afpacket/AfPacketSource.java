package io.zbuf.afpacket;

import io.zbuf.afpacket.libc.LinuxLibc;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.EventDrivenSource;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;

import java.io.IOException;

/**
 * The packets of one Linux interface, read in place from an {@code AF_PACKET} receive ring ({@code TPACKET_V3}):
 * each packet reaches the kernel side as the fragment it is in the ring, so the one copy is the one into the
 * zero-copy buffers, as on FreeBSD from an mbuf chain. Its timestamp is the ring's ({@code tp_sec},
 * {@code tp_nsec}), taken by Linux where it received the packet, as a card's hardware timestamp; its length
 * present and on the wire are {@code tp_snaplen} and {@code tp_len}.
 *
 * <p>An {@link EventDrivenSource}: the kernel thread reads the ring until it is empty, then arms the interrupt
 * line ({@link RingInterrupt}) that wakes it when the kernel hands the next block over. The packets the ring
 * dropped ({@code PACKET_STATISTICS}, read when a block is marked {@code TP_STATUS_LOSING} and when the ring
 * runs empty) are kept as a running total, since the kernel zeroes its counters on every read. A packet a reader
 * has no room for waits in the ring while the ring is at most half full ({@link #canHold()}), so the ring, not
 * only the reader's two buffers, absorbs a reader that fell behind. An interface
 * that goes down or away ends the source with an {@link IOException} once the ring is drained.
 */
public final class AfPacketSource implements EventDrivenSource {
    private final AfPacketSocket socket;
    private final RxRing ring;
    private final RingInterrupt line;
    private final String description;
    private long dropped;

    AfPacketSource(AfPacketSocket socket, RingGeometry geometry, String description) {
        this.socket = socket;
        this.ring = new RxRing(socket.ring(), geometry, this::countDrops);
        this.line = new RingInterrupt(socket, geometry.retireTimeoutMillis());
        this.description = description;
    }

    /**
     * Opens interface {@code interfaceName} with a ring of {@code geometry}; packets are taken from {@link #start}.
     *
     * @throws BpfException see {@link AfPacketSocket#open}
     */
    static AfPacketSource open(LinuxLibc libc, String interfaceName, RingGeometry geometry, boolean promiscuous) throws BpfException {
        AfPacketSocket socket = AfPacketSocket.open(libc, interfaceName, geometry, promiscuous);
        return new AfPacketSource(socket, geometry, LiveSourceKind.describe(interfaceName, geometry, promiscuous));
    }

    /** Ethernet: loopback frames its packets as Ethernet too. */
    @Override
    public LinkType linkType() {
        return LinkType.EN10MB;
    }

    @Override
    public void start(Runnable interrupt) throws IOException {
        socket.start();
        ring.discardReady();
        dropped += socket.takeDrops();
        line.start(interrupt);
    }

    @Override
    public boolean next(Packet packet) throws IOException {
        if (ring.next(packet)) {
            return true;
        }
        IOException failure = line.failure();
        if (failure != null) {
            // the last block was handed over before the failure was recorded: look once more before ending
            if (ring.next(packet)) {
                return true;
            }
            throw failure;
        }
        if (!line.armed()) {
            dropped += socket.takeDrops();
            line.arm();
        }
        return false;
    }

    @Override
    public void stop() throws IOException {
        socket.pause();
    }

    @Override
    public long dropped() {
        return dropped;
    }

    /** While at most half the ring is taken: the other half absorbs what arrives while a reader catches up. */
    @Override
    public boolean canHold() {
        return ring.atMostHalfFull();
    }

    /** Blocks of the ring read so far. */
    long blocksRead() {
        return ring.blocksRead();
    }

    /** Kernel thread: a block says that packets were dropped since the last look. */
    private void countDrops() throws BpfException {
        dropped += socket.takeDrops();
    }

    /** Stops the interrupt line, unmaps the ring, closes the socket. */
    @Override
    public void close() {
        line.close();
        socket.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
