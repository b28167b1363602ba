package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BackendUnavailableException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Whether the FreeBSD backend can work on this machine, probed once, and if not, why: the way Netty's
 * {@code Epoll} and {@code KQueue} classes report on their native transports. It needs FreeBSD, a 64-bit JVM,
 * a {@code /dev/bpf} this process may open read-write, and {@code net.bpf.zerocopy_enable=1}. There is no
 * fallback: the cause says what to run.
 */
public final class FreeBsdAvailability {
    /** {@code os.name} on FreeBSD. */
    static final String FREEBSD = "FreeBSD";

    private static final Probe THIS_MACHINE =
            probe(System.getProperty("os.name", "an unknown OS"), System.getProperty("os.version", "?"),
                    () -> Native.POINTER_SIZE, BsdLibc::load);
    private static final Throwable UNAVAILABILITY_CAUSE = THIS_MACHINE.cause();

    private FreeBsdAvailability() {
    }

    /** Whether the backend can work here. */
    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why the backend cannot work here, or {@code null} if it can. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** This machine's C library as the probe bound it; {@code null} where the probe stopped before binding it. */
    static BsdLibc libc() {
        return THIS_MACHINE.libc();
    }

    /**
     * Throws unless the backend can work here.
     *
     * @throws BackendUnavailableException with the cause attached
     */
    public static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw new BackendUnavailableException(FreeBsdBackend.NAME, UNAVAILABILITY_CAUSE);
        }
    }

    /**
     * Probes a machine: the operating system first, then the JVM's pointer size, then the C library (loaded only
     * on FreeBSD), then {@link #probe(BsdLibc)}.
     *
     * @return the C library if it was bound, and why the backend cannot work or {@code null}
     */
    static Probe probe(String osName, String osVersion, IntSupplier pointerSize, Supplier<BsdLibc> loader) {
        if (!FREEBSD.equals(osName)) {
            return Probe.unavailable(new UnsupportedOperationException("backend " + FreeBsdBackend.NAME + " needs FreeBSD's /dev/bpf; this is "
                    + osName + " " + osVersion + " (os.name=" + osName + ")"));
        }
        try {
            int size = pointerSize.getAsInt();
            if (size != Long.BYTES) {
                return Probe.unavailable(new UnsupportedOperationException("backend " + FreeBsdBackend.NAME + " needs a"
                        + " 64-bit JVM on FreeBSD (its structures are laid out for LP64); this JVM has " + size + "-byte pointers"));
            }
            BsdLibc libc = loader.get();
            return new Probe(libc, probe(libc));
        } catch (LinkageError e) {
            return Probe.unavailable(e);
        }
    }

    /**
     * Probes FreeBSD through {@code libc}: opens and closes {@code /dev/bpf}, reads {@code net.bpf.zerocopy_enable}.
     *
     * @return why zero-copy capture cannot work, with what to run about it, or {@code null} if it can
     */
    public static Throwable probe(BsdLibc libc) {
        int fd;
        try {
            fd = libc.open(FreeBsdDevice.PATH, BsdLibc.O_RDWR | BsdLibc.O_CLOEXEC);
        } catch (LastErrorException e) {
            return LibcErrors.of("open", FreeBsdDevice.PATH, e);
        }
        FreeBsdDevice.closeQuietly(libc, fd);
        try {
            if (Sysctl.readInt(libc, Sysctl.ZEROCOPY_ENABLE) == 0) {
                return new BpfException(Errno.EINVAL, "sysctl " + Sysctl.ZEROCOPY_ENABLE + " is 0: zero-copy buffers"
                        + " are switched off; run `sysctl " + Sysctl.ZEROCOPY_ENABLE + "=1` as root (add "
                        + Sysctl.ZEROCOPY_ENABLE + "=1 to /etc/sysctl.conf to keep it)");
            }
        } catch (BpfException e) {
            return e;
        }
        return null;
    }

    /**
     * What probing a machine found.
     *
     * @param libc  the C library, or {@code null} if the probe stopped before binding it
     * @param cause why the backend cannot work, or {@code null} if it can
     */
    record Probe(BsdLibc libc, Throwable cause) {
        static Probe unavailable(Throwable cause) {
            return new Probe(null, cause);
        }
    }
}
