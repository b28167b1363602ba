package io.zbuf.core.pcap;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;

/** The record layer of one capture file format, positioned after its file header. */
interface RecordFormat {
    /** The one link type of every packet in the file. */
    LinkType linkType();

    /** The snap length the file declares, 0 and oversized values read as {@link PcapReader#MAXIMUM_SNAP_LENGTH}. */
    int snapLength();

    /** Fills {@code packet} with the next packet; false at a clean end of the file. */
    boolean next(Packet packet) throws IOException;
}
