package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import io.zbuf.afpacket.libc.LinuxErrno;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

import java.nio.file.Path;
import java.util.Map;

/**
 * Turns the Linux errno of a failed C library call into a {@link BpfException}: the {@link Errno} zbuf reports
 * for it and a sentence that says what went wrong and, where there is one, what to do about it.
 */
final class LinuxErrors {
    /** The explanations that say more than {@code strerror}, keyed by call and Linux errno name. */
    private static final Map<String, String> EXPLANATIONS = Map.ofEntries(
            Map.entry("socket EPERM", privilegeAdvice()),
            Map.entry("socket EACCES", privilegeAdvice()),
            Map.entry("socket EAFNOSUPPORT", "this kernel has no packet sockets (CONFIG_PACKET)"),
            Map.entry("PACKET_VERSION EINVAL", "this kernel has no TPACKET_V3 rings (Linux 3.2 or later has them)"),
            Map.entry("PACKET_IGNORE_OUTGOING ENOPROTOOPT", "capturing on a loopback interface needs Linux 4.20 or later"),
            Map.entry("PACKET_RX_RING ENOMEM", "the kernel cannot allocate a ring that large: ask for a smaller one (ring=SIZE)"),
            Map.entry("PACKET_RX_RING EINVAL", "the kernel refused the ring's shape (block=SIZE, ring=SIZE)"),
            Map.entry("mmap ENOMEM", "the ring cannot be mapped: ask for a smaller one (ring=SIZE)"),
            Map.entry("SIOCGIFHWADDR ENODEV", "the interface went away"),
            Map.entry("SIOCGIFFLAGS ENODEV", "the interface went away"),
            Map.entry("bind ENODEV", "the interface went away"),
            Map.entry("bind ENETDOWN", "the interface is down"),
            Map.entry("PACKET_ADD_MEMBERSHIP ENODEV", "the interface went away"));

    private LinuxErrors() {
    }

    /** What to do when this process may not open packet sockets. */
    static String privilegeAdvice() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return "capturing needs CAP_NET_RAW, which this process lacks: run as root, or give java the capability"
                + " (sudo setcap cap_net_raw+ep " + java + "), or run the kernel daemon privileged (sudo zbuf kernel --live)"
                + " and capture unprivileged from it (zbuf capture -b shm)";
    }

    /**
     * The exception for {@code call} on {@code subject} failing with {@code failure}'s Linux errno.
     *
     * @param call    the C function or socket option, for example {@code "socket"} or {@code "PACKET_RX_RING"}
     * @param subject what it was applied to, for example an interface name; may be null
     */
    static BpfException of(String call, String subject, LastErrorException failure) {
        return new BpfException(errno(failure.getErrorCode()), sentence(call, subject, failure.getErrorCode()), failure);
    }

    /** The errno zbuf reports for Linux errno {@code code}: {@link Errno#EIO} for one it does not know. */
    static Errno errno(int code) {
        LinuxErrno errno = LinuxErrno.ofCode(code);
        return errno == null ? Errno.EIO : errno.reported();
    }

    /** What went wrong when {@code call} on {@code subject} failed with Linux errno {@code code}, and what to do. */
    static String sentence(String call, String subject, int code) {
        String operation = subject == null ? call : call + " " + subject;
        LinuxErrno errno = LinuxErrno.ofCode(code);
        if (errno == null) {
            return operation + ": failed with Linux errno " + code + ", which zbuf does not know";
        }
        return operation + ": " + EXPLANATIONS.getOrDefault(call + " " + errno.name(), errno.description());
    }
}
