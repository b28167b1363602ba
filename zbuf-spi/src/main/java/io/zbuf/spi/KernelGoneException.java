package io.zbuf.spi;

/**
 * The process or device that plays the kernel went away ({@link Errno#EIO}). Buffers already handed to the
 * user stay readable until acknowledged; no new data will come.
 */
public final class KernelGoneException extends BpfException {
    private static final long serialVersionUID = 1L;

    public KernelGoneException(String message, Throwable cause) {
        super(Errno.EIO, message, cause);
    }
}
