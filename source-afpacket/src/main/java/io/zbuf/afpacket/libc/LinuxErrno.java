package io.zbuf.afpacket.libc;

import io.zbuf.spi.Errno;

/**
 * The Linux error numbers the live source meets (x86-64 and arm64 share them), what {@code strerror(3)} says of
 * each, and the FreeBSD {@link Errno} zbuf reports in its place, so that every backend and source speaks the
 * same errno.
 */
public enum LinuxErrno {
    EPERM(1, "operation not permitted", Errno.EPERM),
    ENOENT(2, "no such file or directory", Errno.ENOENT),
    EINTR(4, "interrupted system call", Errno.EINTR),
    EIO(5, "input/output error", Errno.EIO),
    ENXIO(6, "no such device or address", Errno.ENXIO),
    EBADF(9, "bad file descriptor", Errno.EBADF),
    EAGAIN(11, "resource temporarily unavailable", Errno.EAGAIN),
    ENOMEM(12, "cannot allocate memory", Errno.ENOMEM),
    EACCES(13, "permission denied", Errno.EACCES),
    EFAULT(14, "bad address", Errno.EFAULT),
    EBUSY(16, "device or resource busy", Errno.EBUSY),
    ENODEV(19, "no such device", Errno.ENXIO),
    EINVAL(22, "invalid argument", Errno.EINVAL),
    ENOTTY(25, "inappropriate ioctl for device", Errno.ENOTTY),
    ENOPROTOOPT(92, "protocol not available", Errno.EOPNOTSUPP),
    EOPNOTSUPP(95, "operation not supported", Errno.EOPNOTSUPP),
    EAFNOSUPPORT(97, "address family not supported by protocol", Errno.EOPNOTSUPP),
    ENETDOWN(100, "network is down", Errno.ENXIO),
    ETIMEDOUT(110, "connection timed out", Errno.ETIMEDOUT);

    private final int code;
    private final String description;
    private final Errno reported;

    LinuxErrno(int code, String description, Errno reported) {
        this.code = code;
        this.description = description;
        this.reported = reported;
    }

    /** The Linux error number. */
    public int code() {
        return code;
    }

    /** What {@code strerror(3)} says, in lower case. */
    public String description() {
        return description;
    }

    /** The errno zbuf reports for it, with FreeBSD's number. */
    public Errno reported() {
        return reported;
    }

    /** The errno of that Linux number, or {@code null} if zbuf does not know it. */
    public static LinuxErrno ofCode(int code) {
        for (LinuxErrno errno : values()) {
            if (errno.code == code) {
                return errno;
            }
        }
        return null;
    }
}
