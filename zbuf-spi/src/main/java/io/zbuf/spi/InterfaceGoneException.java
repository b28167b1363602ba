package io.zbuf.spi;

/**
 * The interface the descriptor was attached to went away ({@link Errno#ENXIO}), and every record it captured
 * has been handed to the user: nothing more will come. A replayed capture file that ran out ends this way.
 */
public final class InterfaceGoneException extends BpfException {
    private static final long serialVersionUID = 1L;

    public InterfaceGoneException(String interfaceName) {
        super(Errno.ENXIO, "interface " + interfaceName + " is gone and every packet it captured was delivered");
    }
}
