package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import io.zbuf.afpacket.libc.LinuxLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Whether live capture can work on this machine, probed once, and if not, why: the way Netty's {@code Epoll}
 * reports on its native transport. It needs Linux, a 64-bit JVM, and a packet socket this process may open
 * ({@code CAP_NET_RAW}). There is no fallback: the cause says what to do.
 */
public final class AfPacketAvailability {
    /** {@code os.name} on Linux. */
    static final String LINUX = "Linux";

    private static final Probe THIS_MACHINE =
            probe(System.getProperty("os.name", "an unknown OS"), () -> Native.POINTER_SIZE, LinuxLibc::load);

    private AfPacketAvailability() {
    }

    /** Whether live capture can work here. */
    public static boolean isAvailable() {
        return THIS_MACHINE.errno() == null;
    }

    /** Why live capture cannot work here, or {@code null} if it can. */
    public static Throwable unavailabilityCause() {
        return THIS_MACHINE.cause();
    }

    /**
     * Throws unless live capture can work here.
     *
     * @throws BpfException {@link Errno#EPERM} without the privilege, {@link Errno#EOPNOTSUPP} off Linux; the
     *                      message says what to do
     */
    public static void ensureAvailability() throws BpfException {
        THIS_MACHINE.ensureAvailable();
    }

    /** This machine's C library as the probe bound it; {@code null} where the probe stopped before binding it. */
    static LinuxLibc libc() {
        return THIS_MACHINE.libc();
    }

    /**
     * Probes a machine: the operating system first, then the JVM's pointer size, then the C library (loaded only
     * on Linux), then a packet socket, opened and closed at once (unbound, it receives nothing).
     */
    static Probe probe(String osName, IntSupplier pointerSize, Supplier<LinuxLibc> loader) {
        if (!LINUX.equals(osName)) {
            return Probe.unavailable(Errno.EOPNOTSUPP, "live capture reads Linux's AF_PACKET sockets; this is " + osName, null);
        }
        try {
            int size = pointerSize.getAsInt();
            if (size != Long.BYTES) {
                return Probe.unavailable(Errno.EOPNOTSUPP, "live capture needs a 64-bit JVM (its structures are laid out for LP64);"
                        + " this JVM has " + size + "-byte pointers", null);
            }
            LinuxLibc libc = loader.get();
            try {
                libc.close(libc.socket(LinuxLibc.AF_PACKET, LinuxLibc.SOCK_RAW | LinuxLibc.SOCK_CLOEXEC, 0));
                return new Probe(libc, null, null, null);
            } catch (LastErrorException e) {
                return new Probe(libc, LinuxErrors.errno(e.getErrorCode()), LinuxErrors.sentence("socket", "AF_PACKET", e.getErrorCode()), e);
            }
        } catch (LinkageError e) {
            return Probe.unavailable(Errno.EOPNOTSUPP, "live capture cannot bind the C library through JNA: " + e.getMessage(), e);
        }
    }

    /**
     * What probing a machine found.
     *
     * @param libc   the C library, or {@code null} if the probe stopped before binding it
     * @param errno  why live capture cannot work, as an errno, or {@code null} if it can
     * @param reason why, in a sentence that says what to do
     * @param error  what the probe caught, or {@code null}
     */
    record Probe(LinuxLibc libc, Errno errno, String reason, Throwable error) {
        static Probe unavailable(Errno errno, String reason, Throwable error) {
            return new Probe(null, errno, reason, error);
        }

        /** Why live capture cannot work, or {@code null}. */
        BpfException cause() {
            return errno == null ? null : new BpfException(errno, reason, error);
        }

        void ensureAvailable() throws BpfException {
            if (errno != null) {
                throw cause();
            }
        }
    }
}
