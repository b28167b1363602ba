package io.zbuf.spi;

import java.io.IOException;

/**
 * A BPF descriptor refused an operation: the Java face of an ioctl that returned -1.
 *
 * <p>{@link #errno()} is what FreeBSD's kernel would have set; the message is a sentence for a person
 * and starts with the operation, for example {@code "BIOCSETZBUF: buffer A is not page-aligned (EINVAL)"}.
 */
public class BpfException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public BpfException(Errno errno, String message) {
        super(message + " (" + errno.name() + ")");
        this.errno = errno;
    }

    public BpfException(Errno errno, String message, Throwable cause) {
        super(message + " (" + errno.name() + ")", cause);
        this.errno = errno;
    }

    /** The error number the operation failed with. */
    public Errno errno() {
        return errno;
    }
}
