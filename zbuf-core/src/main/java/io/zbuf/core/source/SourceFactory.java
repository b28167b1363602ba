package io.zbuf.core.source;

import java.io.IOException;
import java.util.Optional;

/** A source as a specification defines it: it opens any number of independent sources, each from its first packet. */
public interface SourceFactory {
    /** A new, independent source. */
    PacketSource open() throws IOException;

    /** What the sources produce, in words. */
    String describe();

    /**
     * The name an interface fed by these sources goes by unless the user names it: a live source's is the name of
     * the interface it reads. Empty by default.
     */
    default Optional<String> interfaceName() {
        return Optional.empty();
    }
}
