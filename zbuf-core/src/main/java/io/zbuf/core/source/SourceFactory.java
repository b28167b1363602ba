package io.zbuf.core.source;

import java.io.IOException;

/** A source as a specification defines it: it opens any number of independent sources, each from its first packet. */
public interface SourceFactory {
    /** A new, independent source. */
    PacketSource open() throws IOException;

    /** What the sources produce, in words. */
    String describe();
}
