package io.zbuf.spi;

/**
 * The interface the descriptor was attached to went away ({@link Errno#ENXIO}), and every record it captured
 * has been handed to the user: nothing more will come. A replayed capture file that ran out ends this way; one
 * that turned out damaged ends this way too, with the source's error as the cause.
 */
public final class InterfaceGoneException extends BpfException {
    private static final long serialVersionUID = 1L;

    public InterfaceGoneException(String interfaceName) {
        super(Errno.ENXIO, "interface " + interfaceName + " is gone and every packet it captured was delivered");
    }

    /** The interface went away because its source failed with {@code cause}; what it captured before was delivered. */
    public InterfaceGoneException(String interfaceName, Throwable cause) {
        super(Errno.ENXIO, "interface " + interfaceName + " failed (" + cause.getMessage()
                + ") and every packet it captured before was delivered", cause);
    }
}
