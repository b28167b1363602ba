package io.zbuf.spi;

/** The descriptor was closed, possibly by another thread while this one waited on it ({@link Errno#EBADF}). */
public final class DeviceClosedException extends BpfException {
    private static final long serialVersionUID = 1L;

    public DeviceClosedException(String operation) {
        super(Errno.EBADF, operation + ": the descriptor is closed");
    }
}
