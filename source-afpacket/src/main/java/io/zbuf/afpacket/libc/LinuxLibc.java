package io.zbuf.afpacket.libc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The C library calls the live source makes, as Linux (LP64: x86-64, arm64) declares them, and the constants of
 * {@code <linux/if_packet.h>}, {@code <sys/socket.h>}, {@code <poll.h>} and {@code <net/if.h>} it needs.
 *
 * <p>The one seam between the source and the operating system: {@link #load()} binds it to the real C library
 * through JNA; tests bind it to a mock. Every call that fails throws {@link LastErrorException} carrying a
 * <em>Linux</em> errno ({@link LinuxErrno}).
 */
public interface LinuxLibc extends Library {
    /** {@code AF_PACKET}: packet sockets. */
    int AF_PACKET = 17;
    /** {@code SOCK_RAW}: frames with their link-level header. */
    int SOCK_RAW = 3;
    /** {@code SOCK_CLOEXEC}: not inherited by programs this process executes. */
    int SOCK_CLOEXEC = 0x8_0000;
    /** {@code ETH_P_ALL}, in host order: every protocol. */
    int ETH_P_ALL = 0x0003;
    /** {@code SOL_SOCKET}. */
    int SOL_SOCKET = 1;
    /** {@code SO_ERROR}: reads and clears the socket's pending error. */
    int SO_ERROR = 4;
    /** {@code SO_ATTACH_FILTER}: a classic BPF program, {@code struct sock_fprog}. */
    int SO_ATTACH_FILTER = 26;
    /** {@code SO_DETACH_FILTER}. */
    int SO_DETACH_FILTER = 27;
    /** {@code SOL_PACKET}. */
    int SOL_PACKET = 263;
    /** {@code PACKET_ADD_MEMBERSHIP}: {@code struct packet_mreq}. */
    int PACKET_ADD_MEMBERSHIP = 1;
    /** {@code PACKET_RX_RING}: {@code struct tpacket_req3}. */
    int PACKET_RX_RING = 5;
    /** {@code PACKET_STATISTICS}: {@code struct tpacket_stats_v3}; the kernel zeroes its counters on every read. */
    int PACKET_STATISTICS = 6;
    /** {@code PACKET_VERSION}: must precede {@link #PACKET_RX_RING}. */
    int PACKET_VERSION = 10;
    /** {@code PACKET_IGNORE_OUTGOING} (Linux 4.20): the socket sees no packet this host sends. */
    int PACKET_IGNORE_OUTGOING = 23;
    /** {@code TPACKET_V3}: variable-sized frames in blocks. */
    int TPACKET_V3 = 2;
    /** {@code PACKET_MR_PROMISC}. */
    int PACKET_MR_PROMISC = 1;
    /** {@code PROT_READ}. */
    int PROT_READ = 0x1;
    /** {@code PROT_WRITE}. */
    int PROT_WRITE = 0x2;
    /** {@code MAP_SHARED}. */
    int MAP_SHARED = 0x01;
    /** {@code POLLIN}. */
    short POLLIN = 0x0001;
    /** {@code POLLERR}: a packet socket reports its interface going down this way. */
    short POLLERR = 0x0008;
    /** {@code POLLHUP}. */
    short POLLHUP = 0x0010;
    /** {@code POLLNVAL}. */
    short POLLNVAL = 0x0020;
    /** {@code EFD_CLOEXEC}. */
    int EFD_CLOEXEC = 0x8_0000;
    /** {@code EFD_NONBLOCK}. */
    int EFD_NONBLOCK = 0x800;
    /** {@code SIOCGIFFLAGS}: {@code struct ifreq} with {@code ifr_flags}. */
    long SIOCGIFFLAGS = 0x8913;
    /** {@code SIOCGIFHWADDR}: {@code struct ifreq} with {@code ifr_hwaddr}, whose family is the ARPHRD type. */
    long SIOCGIFHWADDR = 0x8927;
    /** {@code SIOCGIFINDEX}: {@code struct ifreq} with {@code ifr_ifindex}, looked up in the socket's namespace. */
    long SIOCGIFINDEX = 0x8933;
    /** {@code IFF_UP}. */
    int IFF_UP = 0x1;
    /** {@code ARPHRD_ETHER}. */
    int ARPHRD_ETHER = 1;
    /** {@code ARPHRD_LOOPBACK}: Linux's loopback, which frames packets as Ethernet with zero addresses. */
    int ARPHRD_LOOPBACK = 772;
    /** {@code _SC_PAGESIZE}. */
    int SC_PAGESIZE = 30;

    /** {@code int socket(int domain, int type, int protocol)}. */
    int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@code int setsockopt(int fd, int level, int name, const void *value, socklen_t length)}. */
    int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    /** {@code int getsockopt(int fd, int level, int name, void *value, socklen_t *length)}. */
    int getsockopt(int fd, int level, int name, Pointer value, Pointer length) throws LastErrorException;

    /** {@code int bind(int fd, const struct sockaddr *address, socklen_t length)}. */
    int bind(int fd, Pointer address, int length) throws LastErrorException;

    /** {@code int ioctl(int fd, unsigned long request, void *argument)}. */
    int ioctl(int fd, long request, Pointer argument) throws LastErrorException;

    /** {@code void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)}. */
    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) throws LastErrorException;

    /** {@code int munmap(void *address, size_t length)}. */
    int munmap(Pointer address, long length) throws LastErrorException;

    /**
     * {@code int poll(struct pollfd fds[], nfds_t nfds, int timeout)}.
     *
     * @return the number of descriptors with events, 0 on timeout
     */
    int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    /** {@code int eventfd(unsigned int initial, int flags)}. */
    int eventfd(int initial, int flags) throws LastErrorException;

    /** {@code ssize_t write(int fd, const void *buffer, size_t count)}. */
    long write(int fd, Pointer buffer, long count) throws LastErrorException;

    /** {@code ssize_t read(int fd, void *buffer, size_t count)}. */
    long read(int fd, Pointer buffer, long count) throws LastErrorException;

    /** {@code int close(int fd)}. */
    int close(int fd) throws LastErrorException;

    /** {@code unsigned int if_nametoindex(const char *name)}: 0 if there is no such interface. */
    int if_nametoindex(String name);

    /**
     * {@code struct if_nameindex *if_nameindex(void)}: the interfaces, an array of {@code {unsigned index; char *name}}
     * ended by an entry of index 0, or NULL. Free it with {@link #if_freenameindex}.
     */
    Pointer if_nameindex();

    /** {@code void if_freenameindex(struct if_nameindex *)}. */
    void if_freenameindex(Pointer nameIndex);

    /** {@code long sysconf(int name)}. */
    long sysconf(int name);

    /** Binds to this machine's C library. Only meaningful on Linux. */
    static LinuxLibc load() {
        return Native.load("c", LinuxLibc.class);
    }
}
