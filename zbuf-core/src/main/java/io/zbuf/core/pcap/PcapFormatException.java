package io.zbuf.core.pcap;

import java.io.IOException;

/**
 * A capture file that is malformed, truncated or of a kind zbuf cannot read. The message names the file, the
 * byte offset where the problem lies and what is wrong, for example
 * {@code "smtp.pcap: truncated packet record at byte offset 1234: header says 98 bytes, 40 remain"}.
 */
public final class PcapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    PcapFormatException(String source, long offset, String problem, String detail) {
        super(source + ": " + problem + " at byte offset " + offset + ": " + detail);
        this.offset = offset;
    }

    /** Offset in the file of the header, block or record that is wrong. */
    public long offset() {
        return offset;
    }
}
