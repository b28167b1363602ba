package io.zbuf.spi;

/** A backend was asked for that cannot work on this machine; the cause says why. */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String backend, Throwable cause) {
        super("backend " + backend + " is unavailable: " + (cause == null ? "no reason given" : cause.getMessage()), cause);
    }
}
