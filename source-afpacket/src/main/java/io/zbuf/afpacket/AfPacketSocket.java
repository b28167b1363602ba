package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.zbuf.afpacket.libc.Ifreq;
import io.zbuf.afpacket.libc.LinuxLibc;
import io.zbuf.afpacket.libc.PacketMreq;
import io.zbuf.afpacket.libc.Pollfd;
import io.zbuf.afpacket.libc.SockFprog;
import io.zbuf.afpacket.libc.SockaddrLl;
import io.zbuf.afpacket.libc.TpacketReq3;
import io.zbuf.afpacket.libc.TpacketStatsV3;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

import java.nio.ByteBuffer;

/**
 * A packet socket on one Linux interface with its {@code TPACKET_V3} receive ring mapped, and an eventfd that
 * wakes whoever waits on it: every system call the live source makes.
 *
 * <p>{@link #open} sets the socket up in the order the kernel requires ({@code PACKET_VERSION} before
 * {@code PACKET_RX_RING}, then {@code mmap}) but does not bind it: a packet socket opened with protocol 0
 * receives nothing until {@link #start()} binds it to {@code ETH_P_ALL} on the interface, so the ring holds
 * no packet of another interface nor any from before the start. {@link #pause()} attaches a filter that takes
 * no packet; the next {@link #start()} removes it. On a loopback interface the socket ignores outgoing packets,
 * which loopback would otherwise show twice (libpcap skips them too).
 *
 * <p>{@link #awaitEvent} and {@link #wake()} belong to the interrupt thread and to whoever stops it; the rest to
 * the kernel thread.
 */
final class AfPacketSocket implements AutoCloseable {
    /** What {@link #awaitEvent} saw. */
    enum Event {
        /** The kernel handed a block over (or more). */
        READABLE,
        /** The socket has an error: its interface went down or away. */
        ERROR,
        /** {@link #wake()} was called. */
        WOKEN,
        /** Nothing happened in time. */
        TIMEOUT
    }

    private static final int SOCKET = 0;
    private static final int WAKE = 1;
    private static final long EVENTFD_COUNTER = Long.BYTES;

    private final LinuxLibc libc;
    private final String interfaceName;
    private final int ifindex;
    private final int fd;
    private final int wakeFd;
    private final Pointer mapping;
    private final RingGeometry geometry;
    private final Memory pollfds;
    private final Memory statistics = new Memory(TpacketStatsV3.LENGTH);
    private final Memory statisticsLength = new Memory(Integer.BYTES);
    private final Memory counter = new Memory(EVENTFD_COUNTER);
    private boolean bound;
    private boolean paused;
    private boolean closed;

    private AfPacketSocket(LinuxLibc libc, String interfaceName, int ifindex, int fd, int wakeFd, Pointer mapping, RingGeometry geometry) {
        this.libc = libc;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.mapping = mapping;
        this.geometry = geometry;
        this.pollfds = Pollfd.readable(fd, wakeFd);
    }

    /**
     * Opens a packet socket on {@code interfaceName} with a ring of {@code geometry}, in promiscuous mode if asked.
     *
     * @throws BpfException {@link Errno#ENXIO} for an interface that does not exist (naming those that do) or is
     *                      down, {@link Errno#EPERM} without {@code CAP_NET_RAW}, {@link Errno#EOPNOTSUPP} for an
     *                      interface that is neither Ethernet nor loopback, {@link Errno#EINVAL} or
     *                      {@link Errno#ENOMEM} for a ring the kernel refuses
     */
    static AfPacketSocket open(LinuxLibc libc, String interfaceName, RingGeometry geometry, boolean promiscuous) throws BpfException {
        try {
            geometry.requirePageMultiple(libc.sysconf(LinuxLibc.SC_PAGESIZE));
        } catch (IllegalArgumentException e) {
            throw new BpfException(Errno.EINVAL, "live:" + interfaceName + ": " + e.getMessage(), e);
        }
        int ifindex = libc.if_nametoindex(interfaceName);
        if (ifindex == 0) {
            throw new BpfException(Errno.ENXIO, "live:" + interfaceName + ": no interface named " + interfaceName + " here; the interfaces"
                    + " are " + String.join(", ", LinuxInterfaces.names(libc)));
        }
        int fd;
        try {
            fd = libc.socket(LinuxLibc.AF_PACKET, LinuxLibc.SOCK_RAW | LinuxLibc.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw LinuxErrors.of("socket", interfaceName, e);
        }
        int wakeFd = -1;
        Pointer mapping = null;
        try {
            boolean loopback = checkInterface(libc, fd, interfaceName);
            setInt(libc, fd, "PACKET_VERSION", interfaceName, LinuxLibc.PACKET_VERSION, LinuxLibc.TPACKET_V3);
            if (loopback) {
                setInt(libc, fd, "PACKET_IGNORE_OUTGOING", interfaceName, LinuxLibc.PACKET_IGNORE_OUTGOING, 1);
            }
            Memory request = TpacketReq3.of(geometry.blockSize(), geometry.blockCount(), geometry.frameSize(), geometry.frameCount(),
                    geometry.retireTimeoutMillis());
            call("PACKET_RX_RING", interfaceName, () -> libc.setsockopt(fd, LinuxLibc.SOL_PACKET, LinuxLibc.PACKET_RX_RING, request,
                    TpacketReq3.LENGTH));
            mapping = libc.mmap(null, geometry.ringSize(), LinuxLibc.PROT_READ | LinuxLibc.PROT_WRITE, LinuxLibc.MAP_SHARED, fd, 0);
            if (promiscuous) {
                Memory membership = PacketMreq.promiscuous(ifindex);
                call("PACKET_ADD_MEMBERSHIP", interfaceName, () -> libc.setsockopt(fd, LinuxLibc.SOL_PACKET,
                        LinuxLibc.PACKET_ADD_MEMBERSHIP, membership, PacketMreq.LENGTH));
            }
            wakeFd = libc.eventfd(0, LinuxLibc.EFD_CLOEXEC | LinuxLibc.EFD_NONBLOCK);
            return new AfPacketSocket(libc, interfaceName, ifindex, fd, wakeFd, mapping, geometry);
        } catch (LastErrorException e) {
            release(libc, fd, wakeFd, mapping, geometry);
            throw LinuxErrors.of(mapping == null ? "mmap" : "eventfd", interfaceName, e);
        } catch (BpfException | RuntimeException e) {
            release(libc, fd, wakeFd, mapping, geometry);
            throw e;
        }
    }

    /**
     * Checks that the interface can be captured on: Ethernet or loopback (both framed as Ethernet), and up.
     *
     * @return whether it is a loopback interface
     */
    private static boolean checkInterface(LinuxLibc libc, int fd, String interfaceName) throws BpfException {
        Memory request = Ifreq.named(interfaceName);
        call("SIOCGIFHWADDR", interfaceName, () -> libc.ioctl(fd, LinuxLibc.SIOCGIFHWADDR, request));
        int hardwareType = Ifreq.unionShort(request);
        if (hardwareType != LinuxLibc.ARPHRD_ETHER && hardwareType != LinuxLibc.ARPHRD_LOOPBACK) {
            throw new BpfException(Errno.EOPNOTSUPP, "live:" + interfaceName + ": the interface's hardware type is " + hardwareType
                    + " (ARPHRD); the live source captures Ethernet and loopback interfaces");
        }
        call("SIOCGIFFLAGS", interfaceName, () -> libc.ioctl(fd, LinuxLibc.SIOCGIFFLAGS, request));
        if ((Ifreq.unionShort(request) & LinuxLibc.IFF_UP) == 0) {
            throw new BpfException(Errno.ENXIO, "live:" + interfaceName + ": the interface is down; bring it up first (ip link set "
                    + interfaceName + " up)");
        }
        return hardwareType == LinuxLibc.ARPHRD_LOOPBACK;
    }

    /** The interface's name. */
    String interfaceName() {
        return interfaceName;
    }

    /** The ring, as mapped. */
    ByteBuffer ring() {
        return mapping.getByteBuffer(0, geometry.ringSize());
    }

    /**
     * Starts taking packets: the first time by binding to every protocol on the interface, after {@link #pause()}
     * by removing its filter.
     *
     * @throws BpfException if the interface went away
     */
    void start() throws BpfException {
        if (!bound) {
            Memory address = SockaddrLl.allProtocols(ifindex);
            call("bind", interfaceName, () -> libc.bind(fd, address, SockaddrLl.LENGTH));
            bound = true;
        } else if (paused) {
            call("SO_DETACH_FILTER", interfaceName, () -> libc.setsockopt(fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_DETACH_FILTER, null, 0));
        }
        paused = false;
    }

    /** Stops taking packets: a filter that takes none, until the next {@link #start()}. */
    void pause() throws BpfException {
        Memory program = SockFprog.rejectAll();
        call("SO_ATTACH_FILTER", interfaceName, () -> libc.setsockopt(fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_ATTACH_FILTER, program,
                SockFprog.LENGTH));
        paused = true;
    }

    /**
     * The packets the kernel dropped for want of a free block since the last call ({@code PACKET_STATISTICS}, which
     * zeroes the kernel's counters).
     */
    long takeDrops() throws BpfException {
        statisticsLength.setInt(0, TpacketStatsV3.LENGTH);
        call("PACKET_STATISTICS", interfaceName, () -> libc.getsockopt(fd, LinuxLibc.SOL_PACKET, LinuxLibc.PACKET_STATISTICS, statistics,
                statisticsLength));
        return Integer.toUnsignedLong(statistics.getInt(TpacketStatsV3.DROPS_OFFSET));
    }

    /** Waits up to {@code timeoutMillis} for the kernel to hand a block over, an error, or {@link #wake()}. */
    Event awaitEvent(int timeoutMillis) {
        Pollfd.clearRevents(pollfds);
        try {
            if (libc.poll(pollfds, 2, timeoutMillis) == 0) {
                return Event.TIMEOUT;
            }
        } catch (LastErrorException e) {
            return Event.TIMEOUT;
        }
        int socket = Pollfd.revents(pollfds, SOCKET);
        if ((socket & (LinuxLibc.POLLERR | LinuxLibc.POLLHUP | LinuxLibc.POLLNVAL)) != 0) {
            return Event.ERROR;
        }
        if ((socket & LinuxLibc.POLLIN) != 0) {
            return Event.READABLE;
        }
        readQuietly(wakeFd);
        return Event.WOKEN;
    }

    /** Takes the socket's pending error ({@code SO_ERROR}, which clears it): a Linux errno, 0 for none. */
    int takeError() {
        Memory error = new Memory(Integer.BYTES);
        Memory length = new Memory(Integer.BYTES);
        error.setInt(0, 0);
        length.setInt(0, Integer.BYTES);
        try {
            libc.getsockopt(fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_ERROR, error, length);
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
        return error.getInt(0);
    }

    /** Whether the interface still exists, looked up in the socket's network namespace. */
    boolean interfaceExists() {
        Memory request = Ifreq.named(interfaceName);
        try {
            libc.ioctl(fd, LinuxLibc.SIOCGIFINDEX, request);
        } catch (LastErrorException e) {
            return false;
        }
        return Ifreq.unionInt(request) == ifindex;
    }

    /** Wakes a thread in {@link #awaitEvent}, or the next one to call it. Any thread. */
    void wake() {
        Memory one = new Memory(EVENTFD_COUNTER);
        one.setLong(0, 1);
        try {
            libc.write(wakeFd, one, EVENTFD_COUNTER);
        } catch (LastErrorException e) {
            // the counter is full: a wake-up is pending anyway
        }
    }

    private void readQuietly(int eventFd) {
        try {
            libc.read(eventFd, counter, EVENTFD_COUNTER);
        } catch (LastErrorException e) {
            // nothing to read: a wake-up that another poll already took
        }
    }

    /** Unmaps the ring and closes the descriptors. Idempotent; the ring must no longer be read. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(libc, fd, wakeFd, mapping, geometry);
        }
    }

    private static void release(LinuxLibc libc, int fd, int wakeFd, Pointer mapping, RingGeometry geometry) {
        try {
            if (mapping != null) {
                libc.munmap(mapping, geometry.ringSize());
            }
        } catch (LastErrorException ignored) {
            // an unmapped ring is what we wanted
        }
        closeQuietly(libc, wakeFd);
        closeQuietly(libc, fd);
    }

    private static void closeQuietly(LinuxLibc libc, int fd) {
        if (fd >= 0) {
            try {
                libc.close(fd);
            } catch (LastErrorException ignored) {
                // nothing else to release
            }
        }
    }

    private static void setInt(LinuxLibc libc, int fd, String name, String interfaceName, int option, int value) throws BpfException {
        Memory argument = new Memory(Integer.BYTES);
        argument.setInt(0, value);
        call(name, interfaceName, () -> libc.setsockopt(fd, LinuxLibc.SOL_PACKET, option, argument, Integer.BYTES));
    }

    private static void call(String name, String interfaceName, Call call) throws BpfException {
        try {
            call.run();
        } catch (LastErrorException e) {
            throw LinuxErrors.of(name, interfaceName, e);
        }
    }

    /** A C library call that fails with {@link LastErrorException}; its result, 0, tells nothing more. */
    @FunctionalInterface
    private interface Call {
        void run() throws LastErrorException;
    }
}
