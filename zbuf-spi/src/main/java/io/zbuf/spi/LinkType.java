package io.zbuf.spi;

/**
 * The data-link types zbuf knows (BIOCGDLT), with the length of their link-level header, which decides the
 * record header length (protocol.md section 4), and the pcap {@code LINKTYPE_} value files carry.
 */
public enum LinkType {
    /** {@code DLT_NULL}: BSD loopback, a 4-byte address family in host byte order. */
    NULL(0, 0, 4),
    /** {@code DLT_EN10MB}: Ethernet. */
    EN10MB(1, 1, 14),
    /** {@code DLT_RAW}: raw IP, no link header. */
    RAW(12, 101, 0);

    private final int dlt;
    private final int pcapLinkType;
    private final int headerLength;

    LinkType(int dlt, int pcapLinkType, int headerLength) {
        this.dlt = dlt;
        this.pcapLinkType = pcapLinkType;
        this.headerLength = headerLength;
    }

    /** The FreeBSD {@code DLT_} value. */
    public int dlt() {
        return dlt;
    }

    /** The {@code LINKTYPE_} value of pcap and pcapng files. */
    public int pcapLinkType() {
        return pcapLinkType;
    }

    /** Bytes of link-level header before the network header. */
    public int headerLength() {
        return headerLength;
    }

    /**
     * The link type a pcap or pcapng file names.
     *
     * @throws IllegalArgumentException for a link type zbuf cannot frame
     */
    public static LinkType ofPcapLinkType(int pcapLinkType) {
        for (LinkType type : values()) {
            if (type.pcapLinkType == pcapLinkType) {
                return type;
            }
        }
        throw new IllegalArgumentException("link type " + pcapLinkType + " is not supported (1 Ethernet, 0 BSD loopback, 101 raw IP)");
    }
}
