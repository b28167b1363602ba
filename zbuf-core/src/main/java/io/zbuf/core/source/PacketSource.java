package io.zbuf.core.source;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;

/**
 * A stream of packets for the kernel side, filled one at a time into a reusable {@link Packet}. The bytes
 * of a packet stay valid until the next call to {@link #next(Packet)}. Not thread-safe.
 */
public interface PacketSource extends AutoCloseable {
    /** The link type of every packet. */
    LinkType linkType();

    /** Fills {@code packet} (reset first) with the next packet; false once the source is exhausted. */
    boolean next(Packet packet) throws IOException;

    /** The most fragments a packet of this source has: the capacity the {@link Packet} needs. */
    default int maxFragments() {
        return 1;
    }

    /** The rate the driver should pace this source at, in packets per second; 0 for as fast as possible. */
    default long packetsPerSecond() {
        return 0;
    }

    /**
     * Whether the driver should hold a packet until every reader has room for it, instead of letting the
     * kernel drop it: true for a replayed file, whose point is fidelity; false for a live-like source.
     */
    default boolean waitsForReaders() {
        return false;
    }

    /** Releases what the source holds. */
    @Override
    void close() throws IOException;
}
