package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

import java.util.Map;

/**
 * Turns the errno of a failed C library call into a {@link BpfException}: the {@link Errno} with FreeBSD's
 * number, and a sentence that says what went wrong and, where there is one, what to run about it.
 */
final class LibcErrors {
    /** The explanations that say more than {@code strerror}, keyed by call and errno name. */
    private static final Map<String, String> EXPLANATIONS = Map.ofEntries(
            Map.entry("open EACCES", "permission denied: run as root, or give your group read-write access to /dev/bpf*"
                    + " with a devfs rule (add path 'bpf*' mode 0660 group network) and `service devfs restart`"),
            Map.entry("open EPERM", "not permitted: run as root, or give your group read-write access to /dev/bpf*"
                    + " with a devfs rule (add path 'bpf*' mode 0660 group network) and `service devfs restart`"),
            Map.entry("open ENOENT", "no such device: this kernel has no bpf(4); load it with `kldload bpf`"),
            Map.entry("sysctl ENOENT", "no such sysctl: this kernel has no zero-copy BPF"),
            Map.entry("BIOCSETBUFMODE EINVAL", "the kernel refuses zero-copy buffers: run `sysctl net.bpf.zerocopy_enable=1`"
                    + " as root (add net.bpf.zerocopy_enable=1 to /etc/sysctl.conf to keep it)"),
            Map.entry("BIOCSETBUFMODE EBUSY", "the buffer mode can no longer change: buffers are set or an interface is attached"),
            Map.entry("BIOCSETZBUF EINVAL", "the kernel rejected the buffers: NULL, empty, not page-aligned, not whole pages,"
                    + " larger than BIOCGETZMAX, already set, or an interface is already attached"),
            Map.entry("BIOCSETZBUF EFAULT", "the kernel cannot wire the buffers' pages: they are not mapped writable memory"),
            Map.entry("BIOCSETIF EINVAL", "set the zero-copy buffers (BIOCSETZBUF) before attaching"));

    private LibcErrors() {
    }

    /**
     * The exception for {@code call} on {@code subject} failing with {@code failure}'s errno.
     *
     * @param call    the C function or ioctl, for example {@code "open"} or {@code "BIOCSETIF"}
     * @param subject what it was applied to, for example {@code "/dev/bpf"} or an interface name; may be null
     */
    static BpfException of(String call, String subject, LastErrorException failure) {
        return of(call, subject, failure.getErrorCode(), failure);
    }

    /** The exception for {@code call} on {@code subject} failing with FreeBSD errno {@code code}. */
    static BpfException of(String call, String subject, int code, Throwable cause) {
        String operation = subject == null ? call : call + " " + subject;
        Errno errno;
        try {
            errno = Errno.ofCode(code);
        } catch (IllegalArgumentException unknown) {
            return new BpfException(Errno.EIO, operation + ": failed with errno " + code + ", which zbuf does not know", cause);
        }
        String explanation = EXPLANATIONS.getOrDefault(call + " " + errno.name(), errno.description());
        return new BpfException(errno, operation + ": " + explanation, cause);
    }
}
