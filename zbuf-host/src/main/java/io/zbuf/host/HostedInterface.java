package io.zbuf.host;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.PacketSource;
import io.zbuf.spi.LinkType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hosted network interface: a packet source and the descriptors attached to it, each of which sees
 * every packet, as with BPF. Its source starts when the first descriptor attaches, so a replay loses
 * nothing before anyone listens; when the source runs out the interface goes away. A source that
 * {@linkplain PacketSource#waitsForReaders() waits for readers} holds each packet until every descriptor
 * has room for it, so a replay is never dropped. Kernel thread only.
 */
final class HostedInterface {
    /** How long a packet waiting for room waits before the next look: the reader acknowledges without a call. */
    static final long STALL_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private final String name;
    private final String source;
    private final PacketSource packets;
    private final long intervalNanos;
    private final Packet packet;
    private final List<HostedDevice> attached = new ArrayList<>();
    private long nextDueNanos;
    private boolean pending;
    private boolean gone;

    HostedInterface(String name, String source, PacketSource packets) {
        this.name = name;
        this.source = source;
        this.packets = packets;
        long rate = packets.packetsPerSecond();
        this.intervalNanos = rate > 0 ? Math.max(1, TimeUnit.SECONDS.toNanos(1) / rate) : 0;
        this.packet = new Packet(Math.max(1, packets.maxFragments()));
    }

    String name() {
        return name;
    }


    LinkType linkType() {
        return packets.linkType();
    }

    boolean gone() {
        return gone;
    }

    void attach(HostedDevice device, long nowNanos) {
        if (attached.isEmpty()) {
            nextDueNanos = nowNanos;
        }
        attached.add(device);
    }

    void detach(HostedDevice device) {
        attached.remove(device);
    }

    /** When the next packet is due, on {@link System#nanoTime()}'s scale, or {@link Long#MAX_VALUE} if none will be. */
    long nextDueNanos() {
        return attached.isEmpty() || gone ? Long.MAX_VALUE : nextDueNanos;
    }

    /**
     * Delivers up to {@code batch} packets that are due by {@code nowNanos} to every attached descriptor. A
     * packet that must wait for room stays pending and is looked at again {@link #STALL_RETRY_NANOS} later.
     *
     * @return the number of packets delivered
     */
    int pump(long nowNanos, int batch) {
        int delivered = 0;
        while (delivered < batch && nextDueNanos() - nowNanos <= 0) {
            if (!pending && !nextPacket()) {
                goAway();
                break;
            }
            pending = true;
            if (packets.waitsForReaders() && !everyDescriptorHasRoom()) {
                nextDueNanos = nowNanos + STALL_RETRY_NANOS;
                break;
            }
            for (int i = 0, n = attached.size(); i < n; i++) {
                attached.get(i).deliver(packet);
            }
            pending = false;
            delivered++;
            nextDueNanos += intervalNanos;
        }
        return delivered;
    }

    private boolean everyDescriptorHasRoom() {
        for (int i = 0, n = attached.size(); i < n; i++) {
            if (!attached.get(i).hasRoomFor(packet)) {
                return false;
            }
        }
        return true;
    }

    private boolean nextPacket() {
        try {
            return packets.next(packet.reset());
        } catch (IOException e) {
            System.getLogger(HostedInterface.class.getName()).log(System.Logger.Level.WARNING,
                    "interface " + name + ": source " + source + " failed, the interface goes away", e);
            return false;
        }
    }

    /** The interface disappears: its descriptors are detached and told, its source closed. */
    void goAway() {
        if (gone) {
            return;
        }
        gone = true;
        for (HostedDevice device : attached) {
            device.interfaceGone();
        }
        attached.clear();
        try {
            packets.close();
        } catch (IOException e) {
            System.getLogger(HostedInterface.class.getName()).log(System.Logger.Level.DEBUG, "closing " + source, e);
        }
    }
}
