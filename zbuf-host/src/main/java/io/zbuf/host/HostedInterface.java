package io.zbuf.host;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.EventDrivenSource;
import io.zbuf.core.source.PacketSource;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
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
 * has room for it, so a replay is never dropped. An {@linkplain EventDrivenSource event-driven} source (a live
 * interface) is started by the first descriptor and stopped by the last; it is not paced but read until it has
 * nothing, and its interrupt wakes the kernel thread when packets arrive; what it drops counts as dropped by
 * every attached descriptor. Kernel thread only.
 */
final class HostedInterface {
    /** How long a packet waiting for room waits before the next look: the reader acknowledges without a call. */
    static final long STALL_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private final String name;
    private final String source;
    private final PacketSource packets;
    private final EventDrivenSource arrivals;
    private final Runnable interrupt;
    private final long intervalNanos;
    private final Packet packet;
    private final List<HostedDevice> attached = new ArrayList<>();
    private long nextDueNanos;
    private long dropsCounted;
    private boolean pending;
    private boolean gone;

    /**
     * An interface fed by {@code packets}; {@code interrupt} wakes the kernel thread, for a source whose packets
     * arrive on their own.
     */
    HostedInterface(String name, String source, PacketSource packets, Runnable interrupt) {
        this.name = name;
        this.source = source;
        this.packets = packets;
        this.arrivals = packets instanceof EventDrivenSource events ? events : null;
        this.interrupt = interrupt;
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

    /**
     * Attaches a descriptor; the first one starts the source.
     *
     * @throws BpfException {@link Errno#ENXIO} if an event-driven source cannot start: the interface went away
     */
    void attach(HostedDevice device, long nowNanos) throws BpfException {
        if (attached.isEmpty()) {
            nextDueNanos = nowNanos;
            if (arrivals != null) {
                start();
            }
        }
        attached.add(device);
    }

    private void start() throws BpfException {
        try {
            arrivals.start(interrupt);
            dropsCounted = arrivals.dropped();
        } catch (IOException e) {
            goAway();
            throw new BpfException(Errno.ENXIO, "BIOCSETIF: interface " + name + " cannot capture: " + e.getMessage(), e);
        }
    }

    /** Detaches a descriptor; the last one stops an event-driven source. */
    void detach(HostedDevice device) {
        if (attached.remove(device) && attached.isEmpty() && arrivals != null && !gone) {
            try {
                arrivals.stop();
            } catch (Throwable e) {
                fail(e);
            }
        }
    }

    /**
     * When the next packet is due, on {@link System#nanoTime()}'s scale, or {@link Long#MAX_VALUE} if none will be
     * or, for an event-driven source, if its interrupt will say.
     */
    long nextDueNanos() {
        return attached.isEmpty() || gone || (arrivals != null && !pending) ? Long.MAX_VALUE : nextDueNanos;
    }

    /**
     * Delivers up to {@code batch} packets that are due by {@code nowNanos} to every attached descriptor. A
     * packet that must wait for room stays pending and is looked at again {@link #STALL_RETRY_NANOS} later.
     *
     * @return the number of packets delivered
     */
    int pump(long nowNanos, int batch) {
        if (arrivals != null) {
            return pumpArrivals(nowNanos, batch);
        }
        int delivered = 0;
        try {
            while (delivered < batch && nextDueNanos() - nowNanos <= 0) {
                if (!pending && !packets.next(packet.reset())) {
                    goAway(null);
                    break;
                }
                pending = true;
                if (packets.waitsForReaders() && !everyDescriptorHasRoom()) {
                    nextDueNanos = nowNanos + STALL_RETRY_NANOS;
                    break;
                }
                deliverToEveryDescriptor();
                delivered++;
                nextDueNanos += intervalNanos;
            }
        } catch (InternalError fault) {
            throw fault;
        } catch (Throwable failure) {
            fail(failure);
        }
        return delivered;
    }

    /**
     * Up to {@code batch} packets of an event-driven source, as many as it has now; then what it dropped. A packet
     * a descriptor has no room for waits in the source while the source {@linkplain EventDrivenSource#canHold()
     * can hold it}, looked at again {@link #STALL_RETRY_NANOS} later, so that the source's queue absorbs a reader
     * that fell behind.
     */
    private int pumpArrivals(long nowNanos, int batch) {
        if (attached.isEmpty() || gone) {
            return 0;
        }
        int delivered = 0;
        try {
            while (delivered < batch) {
                if (!pending && !arrivals.next(packet.reset())) {
                    break;
                }
                pending = true;
                if (!everyDescriptorHasRoom() && arrivals.canHold()) {
                    nextDueNanos = nowNanos + STALL_RETRY_NANOS;
                    break;
                }
                deliverToEveryDescriptor();
                delivered++;
            }
            long drops = arrivals.dropped();
            if (drops != dropsCounted) {
                for (int i = 0; i < attached.size(); i++) {
                    attached.get(i).lost(drops - dropsCounted);
                }
                dropsCounted = drops;
            }
        } catch (InternalError fault) {
            throw fault;
        } catch (Throwable failure) {
            fail(failure);
        }
        return delivered;
    }

    /**
     * The pending packet to every attached descriptor, once, then it is no longer pending. A descriptor whose
     * delivery throws a bug fails alone and is detached. A memory fault is raised after every other descriptor had
     * the packet: the JVM may raise it some instructions after the access, so which descriptor's buffers faulted
     * is for the kernel's {@linkplain KernelHost#onMemoryFault fault handler} to find out.
     */
    private void deliverToEveryDescriptor() {
        InternalError fault = null;
        for (int i = 0; i < attached.size(); i++) {
            try {
                attached.get(i).deliver(packet);
            } catch (InternalError memoryFault) {
                fault = memoryFault;
            } catch (Throwable bug) {
                detachFailed(i--, bug);
            }
        }
        pending = false;
        if (fault != null) {
            throw fault;
        }
    }

    /** Whether every descriptor has room for the pending packet; a fault while looking is raised after all looked. */
    private boolean everyDescriptorHasRoom() {
        boolean room = true;
        InternalError fault = null;
        for (int i = 0; i < attached.size(); i++) {
            try {
                room &= attached.get(i).hasRoomFor(packet);
            } catch (InternalError memoryFault) {
                fault = memoryFault;
            } catch (Throwable bug) {
                detachFailed(i--, bug);
            }
        }
        if (fault != null) {
            throw fault;
        }
        return room;
    }

    /** Delivering to the descriptor at {@code index} hit a bug: it leaves the interface and is told why. */
    private void detachFailed(int index, Throwable bug) {
        attached.remove(index).fail(bug);
    }

    /**
     * The source failed: the interface goes away and its readers are told why. An I/O error is the source's
     * own (a damaged file, a gone card): one line; anything else is a bug, logged with its stack trace.
     */
    private void fail(Throwable failure) {
        System.Logger log = System.getLogger(HostedInterface.class.getName());
        String message = "interface " + name + ": source " + source + " failed, the interface goes away: ";
        if (failure instanceof IOException) {
            log.log(System.Logger.Level.WARNING, message + failure.getMessage());
        } else {
            log.log(System.Logger.Level.ERROR, message + failure, failure);
        }
        goAway(failure);
    }

    /** The interface disappears: its descriptors are detached and told, its source closed. */
    void goAway() {
        goAway(null);
    }

    /** The interface disappears, because its source ran out ({@code cause} null) or failed with {@code cause}. */
    private void goAway(Throwable cause) {
        if (gone) {
            return;
        }
        gone = true;
        for (HostedDevice device : attached) {
            if (cause == null) {
                device.interfaceGone();
            } else {
                device.interfaceFailed(cause);
            }
        }
        attached.clear();
        try {
            packets.close();
        } catch (Throwable e) {
            System.getLogger(HostedInterface.class.getName()).log(System.Logger.Level.DEBUG, "closing " + source, e);
        }
    }
}
