package io.zbuf.spi;

import java.util.List;

/**
 * {@code BIOCSETIF} named an interface the backend does not have ({@link Errno#ENXIO}); carries the names of those
 * it has, so that the message tells the user what to type instead.
 */
public final class NoSuchInterfaceException extends BpfException {
    private static final long serialVersionUID = 1L;

    private final String interfaceName;
    private final List<String> existing;

    /**
     * @param interfaceName the name asked for
     * @param existing      the interfaces the backend has, in its order
     */
    public NoSuchInterfaceException(String interfaceName, List<String> existing) {
        super(Errno.ENXIO, "BIOCSETIF: no interface named " + interfaceName + "; "
                + (existing.isEmpty() ? "there is none" : "the interfaces are " + String.join(", ", existing)));
        this.interfaceName = interfaceName;
        this.existing = List.copyOf(existing);
    }

    /** The name asked for. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The interfaces the backend has, in its order. */
    public List<String> existing() {
        return existing;
    }
}
