package io.zbuf.spi;

/**
 * The error numbers a BPF descriptor reports, with FreeBSD's values (amd64).
 *
 * <p>Every backend reports the same errno for the same condition, whatever the operating system it runs
 * on: a Linux {@code EOPNOTSUPP} (95) arriving through a native call is mapped to {@link #EOPNOTSUPP}
 * (45) by the backend before it reaches the user.
 */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such file or directory"),
    EINTR(4, "interrupted system call"),
    EIO(5, "input/output error"),
    ENXIO(6, "device not configured"),
    EBADF(9, "bad file descriptor"),
    ENOMEM(12, "cannot allocate memory"),
    EACCES(13, "permission denied"),
    EFAULT(14, "bad address"),
    EBUSY(16, "device busy"),
    ENODEV(19, "operation not supported by device"),
    EINVAL(22, "invalid argument"),
    ENOTTY(25, "inappropriate ioctl for device"),
    EAGAIN(35, "resource temporarily unavailable"),
    EOPNOTSUPP(45, "operation not supported"),
    ECONNRESET(54, "connection reset by peer"),
    ETIMEDOUT(60, "operation timed out");

    private static final Errno[] BY_CODE = new Errno[61];

    static {
        for (Errno errno : values()) {
            BY_CODE[errno.code] = errno;
        }
    }

    private final int code;
    private final String description;

    Errno(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The FreeBSD error number. */
    public int code() {
        return code;
    }

    /** What {@code strerror(3)} says for this error on FreeBSD, in lower case. */
    public String description() {
        return description;
    }

    /**
     * The errno with this FreeBSD code.
     *
     * @throws IllegalArgumentException if zbuf does not know the code
     */
    public static Errno ofCode(int code) {
        Errno errno = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (errno == null) {
            throw new IllegalArgumentException("unknown FreeBSD errno " + code);
        }
        return errno;
    }
}
