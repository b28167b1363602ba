package io.zbuf.spi;

import java.util.List;

/**
 * A data-link type as BIOCGDLT reports it: any {@code DLT_} value, named where libpcap names it, with the pcap
 * {@code LINKTYPE_} value files carry and, where zbuf knows it, the length of the link-level header.
 *
 * <p>The user side needs none of this to read records (each record says its own {@code bh_hdrlen}), so a
 * capture accepts every link type; the name is for people, the {@code LINKTYPE_} value for pcap files, the
 * header length for the simulated kernel, which pads record headers for it (protocol.md section 4).
 *
 * <p>The constants are the types of libpcap's table that FreeBSD interfaces report or capture files commonly
 * hold, with FreeBSD's {@code DLT_} values (which differ from other systems' for a few, such as {@code DLT_RAW}
 * 12 or {@code DLT_PFSYNC} 121); names and descriptions are libpcap's ({@code pcap_datalink_val_to_name} and
 * {@code _description}), and {@code DLT_} to {@code LINKTYPE_} is libpcap's {@code dlt_to_linktype}. Equal when
 * their {@code DLT_} values are. Immutable.
 */
public final class LinkType {
    /** What {@link #pcapLinkType()} returns for a type without a {@code LINKTYPE_} value: it cannot be saved. */
    public static final int NO_PCAP_LINK_TYPE = -1;

    /** {@code DLT_NULL}: BSD loopback, a 4-byte address family in host byte order. */
    public static final LinkType NULL = new LinkType(0, "NULL", "BSD loopback", 4);
    /** {@code DLT_EN10MB}: Ethernet. */
    public static final LinkType EN10MB = new LinkType(1, "EN10MB", "Ethernet", 14);
    /** {@code DLT_IEEE802}: IEEE 802.5 token ring. */
    public static final LinkType IEEE802 = new LinkType(6, "IEEE802", "Token ring", 0);
    /** {@code DLT_ARCNET}: ARCNET with the BSD header. */
    public static final LinkType ARCNET = new LinkType(7, "ARCNET", "BSD ARCNET", 0);
    /** {@code DLT_SLIP}: serial line IP, a 16-byte header. */
    public static final LinkType SLIP = new LinkType(8, "SLIP", "SLIP", 16);
    /** {@code DLT_PPP}: PPP, a 4-byte header. */
    public static final LinkType PPP = new LinkType(9, "PPP", "PPP", 4);
    /** {@code DLT_FDDI}. */
    public static final LinkType FDDI = new LinkType(10, "FDDI", "FDDI", 0);
    /** {@code DLT_ATM_RFC1483}: LLC-encapsulated ATM ({@code LINKTYPE_ATM_RFC1483} 100). */
    public static final LinkType ATM_RFC1483 = new LinkType(11, 100, "ATM_RFC1483", "RFC 1483 LLC-encapsulated ATM", 0);
    /** {@code DLT_RAW}: raw IP, no link header (FreeBSD's 12; {@code LINKTYPE_RAW} 101). */
    public static final LinkType RAW = new LinkType(12, 101, "RAW", "Raw IP", 0);
    /** {@code DLT_SLIP_BSDOS}: FreeBSD's 13 ({@code LINKTYPE_SLIP_BSDOS} 102). */
    public static final LinkType SLIP_BSDOS = new LinkType(13, 102, "SLIP_BSDOS", "BSD/OS SLIP", 0);
    /** {@code DLT_PPP_BSDOS}: FreeBSD's 14 ({@code LINKTYPE_PPP_BSDOS} 103). */
    public static final LinkType PPP_BSDOS = new LinkType(14, 103, "PPP_BSDOS", "BSD/OS PPP", 0);
    /** {@code DLT_PPP_SERIAL}: PPP in HDLC-like framing (outside the matching ranges, yet its own LINKTYPE value). */
    public static final LinkType PPP_SERIAL = new LinkType(50, 50, "PPP_SERIAL", "PPP over serial", 0);
    /** {@code DLT_PPP_ETHER}: PPPoE session packets. */
    public static final LinkType PPP_ETHER = new LinkType(51, 51, "PPP_ETHER", "PPPoE", 0);
    /** {@code DLT_C_HDLC}: Cisco HDLC, a 4-byte header. */
    public static final LinkType C_HDLC = new LinkType(104, "C_HDLC", "Cisco HDLC", 4);
    /** {@code DLT_IEEE802_11}: IEEE 802.11 wireless. */
    public static final LinkType IEEE802_11 = new LinkType(105, "IEEE802_11", "802.11", 0);
    /** {@code DLT_FRELAY}: Frame Relay. */
    public static final LinkType FRELAY = new LinkType(107, "FRELAY", "Frame Relay", 0);
    /** {@code DLT_LOOP}: OpenBSD loopback, a 4-byte address family in network byte order. */
    public static final LinkType LOOP = new LinkType(108, "LOOP", "OpenBSD loopback", 4);
    /** {@code DLT_ENC}: encapsulated packets of {@code enc(4)}, a 12-byte header. */
    public static final LinkType ENC = new LinkType(109, "ENC", "OpenBSD encapsulated IP", 12);
    /** {@code DLT_LINUX_SLL}: Linux cooked capture, a 16-byte header. */
    public static final LinkType LINUX_SLL = new LinkType(113, "LINUX_SLL", "Linux cooked v1", 16);
    /** {@code DLT_PFLOG}: {@code pflog(4)}. */
    public static final LinkType PFLOG = new LinkType(117, "PFLOG", "OpenBSD pflog file", 0);
    /** {@code DLT_PFSYNC}: {@code pfsync(4)}, FreeBSD's 121 ({@code LINKTYPE_PFSYNC} 246). */
    public static final LinkType PFSYNC = new LinkType(121, 246, "PFSYNC", "Packet filter state syncing", 0);
    /** {@code DLT_PRISM_HEADER}: 802.11 with a Prism monitor-mode header. */
    public static final LinkType PRISM_HEADER = new LinkType(119, "PRISM_HEADER", "802.11 plus Prism header", 0);
    /** {@code DLT_IEEE802_11_RADIO}: 802.11 with a radiotap header. */
    public static final LinkType IEEE802_11_RADIO = new LinkType(127, "IEEE802_11_RADIO", "802.11 plus radiotap header", 0);
    /** {@code DLT_APPLE_IP_OVER_IEEE1394}: IP over FireWire. */
    public static final LinkType APPLE_IP_OVER_IEEE1394 = new LinkType(138, "APPLE_IP_OVER_IEEE1394", "Apple IP-over-IEEE 1394", 0);
    /** {@code DLT_IEEE802_11_RADIO_AVS}: 802.11 with an AVS header. */
    public static final LinkType IEEE802_11_RADIO_AVS = new LinkType(163, "IEEE802_11_RADIO_AVS",
        "802.11 plus AVS radio information header", 0);
    /** {@code DLT_PPP_PPPD}: PPP with a direction flag. */
    public static final LinkType PPP_PPPD = new LinkType(166, "PPP_PPPD", "PPP for pppd, with direction flag", 0);
    /** {@code DLT_USB_FREEBSD}: USB transfers with FreeBSD's header ({@code usbdump(8)}). */
    public static final LinkType USB_FREEBSD = new LinkType(186, "USB_FREEBSD", "USB with FreeBSD header", 0);
    /** {@code DLT_BLUETOOTH_HCI_H4}. */
    public static final LinkType BLUETOOTH_HCI_H4 = new LinkType(187, "BLUETOOTH_HCI_H4", "Bluetooth HCI UART transport layer", 0);
    /** {@code DLT_USB_LINUX}. */
    public static final LinkType USB_LINUX = new LinkType(189, "USB_LINUX", "USB with Linux header", 0);
    /** {@code DLT_PPI}: per-packet information. */
    public static final LinkType PPI = new LinkType(192, "PPI", "Per-Packet Information", 0);
    /** {@code DLT_IEEE802_15_4}: 802.15.4 with its FCS. */
    public static final LinkType IEEE802_15_4 = new LinkType(195, "IEEE802_15_4", "IEEE 802.15.4 with FCS", 0);
    /** {@code DLT_ERF}: Endace ERF records. */
    public static final LinkType ERF = new LinkType(197, "ERF", "Endace ERF header", 0);
    /** {@code DLT_BLUETOOTH_HCI_H4_WITH_PHDR}. */
    public static final LinkType BLUETOOTH_HCI_H4_WITH_PHDR = new LinkType(201, "BLUETOOTH_HCI_H4_WITH_PHDR",
        "Bluetooth HCI UART transport layer plus pseudo-header", 0);
    /** {@code DLT_USB_LINUX_MMAPPED}. */
    public static final LinkType USB_LINUX_MMAPPED = new LinkType(220, "USB_LINUX_MMAPPED", "USB with padded Linux header", 0);
    /** {@code DLT_CAN_SOCKETCAN}. */
    public static final LinkType CAN_SOCKETCAN = new LinkType(227, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers", 0);
    /** {@code DLT_IPV4}: raw IPv4, no link header. */
    public static final LinkType IPV4 = new LinkType(228, "IPV4", "Raw IPv4", 0);
    /** {@code DLT_IPV6}: raw IPv6, no link header. */
    public static final LinkType IPV6 = new LinkType(229, "IPV6", "Raw IPv6", 0);
    /** {@code DLT_IEEE802_15_4_NOFCS}. */
    public static final LinkType IEEE802_15_4_NOFCS = new LinkType(230, "IEEE802_15_4_NOFCS", "IEEE 802.15.4 without FCS", 0);
    /** {@code DLT_NFLOG}: Linux netfilter log messages. */
    public static final LinkType NFLOG = new LinkType(239, "NFLOG", "Linux netfilter log messages", 0);
    /** {@code DLT_NETANALYZER}. */
    public static final LinkType NETANALYZER = new LinkType(240, "NETANALYZER",
        "Ethernet with Hilscher netANALYZER pseudo-header", 0);
    /** {@code DLT_USBPCAP}. */
    public static final LinkType USBPCAP = new LinkType(249, "USBPCAP", "USB with USBPcap header", 0);
    /** {@code DLT_NETLINK}: Linux netlink messages. */
    public static final LinkType NETLINK = new LinkType(253, "NETLINK", "Linux netlink", 0);
    /** {@code DLT_LINUX_SLL2}: Linux cooked capture v2, a 20-byte header. */
    public static final LinkType LINUX_SLL2 = new LinkType(276, "LINUX_SLL2", "Linux cooked v2", 20);

    private static final List<LinkType> KNOWN = List.of(NULL, EN10MB, IEEE802, ARCNET, SLIP, PPP, FDDI, ATM_RFC1483, RAW,
        SLIP_BSDOS, PPP_BSDOS, PPP_SERIAL, PPP_ETHER, C_HDLC, IEEE802_11, FRELAY, LOOP, ENC, LINUX_SLL, PFLOG, PRISM_HEADER,
        PFSYNC, IEEE802_11_RADIO, APPLE_IP_OVER_IEEE1394, IEEE802_11_RADIO_AVS, PPP_PPPD, USB_FREEBSD, BLUETOOTH_HCI_H4, USB_LINUX,
        PPI, IEEE802_15_4, ERF, BLUETOOTH_HCI_H4_WITH_PHDR, USB_LINUX_MMAPPED, CAN_SOCKETCAN, IPV4, IPV6, IEEE802_15_4_NOFCS,
        NFLOG, NETANALYZER, USBPCAP, NETLINK, LINUX_SLL2);
    /** libpcap's {@code DLT_LOW_MATCHING_MAX}: DLT values up to this one are their own LINKTYPE values. */
    private static final int LOW_MATCHING_MAX = 10;
    /** libpcap's {@code DLT_HIGH_MATCHING_MIN}: from this one on, DLT values are their own LINKTYPE values. */
    private static final int HIGH_MATCHING_MIN = 104;

    private final int dlt;
    private final int pcapLinkType;
    private final String name;
    private final String description;
    private final boolean named;
    private final int headerLength;

    /** A type whose LINKTYPE value follows {@link #linktypeOf(int)}. */
    private LinkType(int dlt, String name, String description, int headerLength) {
        this(dlt, linktypeOf(dlt), name, description, headerLength);
    }

    private LinkType(int dlt, int pcapLinkType, String name, String description, int headerLength) {
        this.dlt = dlt;
        this.pcapLinkType = pcapLinkType;
        this.named = name != null;
        this.name = named ? name : Integer.toString(dlt);
        this.description = named ? description : "DLT " + dlt;
        this.headerLength = headerLength;
    }

    /**
     * The link type BIOCGDLT answers with {@code dlt}: one of the constants, or an unnamed type whose {@code
     * LINKTYPE_} value follows libpcap's rule (the DLT value itself from 0 to 10 and from 104 on, none otherwise)
     * and whose header length is 0.
     *
     * @throws IllegalArgumentException for a negative value
     */
    public static LinkType of(int dlt) {
        if (dlt < 0) {
            throw new IllegalArgumentException("DLT " + dlt + " is negative");
        }
        for (LinkType type : KNOWN) {
            if (type.dlt == dlt) {
                return type;
            }
        }
        return new LinkType(dlt, null, null, 0);
    }

    /**
     * libpcap's {@code dlt_to_linktype} for the values that are the same everywhere: those of the low and high
     * matching ranges are their own LINKTYPE values, the others (which differ between systems) have none unless
     * the table says.
     */
    private static int linktypeOf(int dlt) {
        return dlt <= LOW_MATCHING_MAX || dlt >= HIGH_MATCHING_MIN ? dlt : NO_PCAP_LINK_TYPE;
    }

    /**
     * The link type a pcap or pcapng file names, as libpcap's {@code linktype_to_dlt} maps it: the constant with
     * that {@code LINKTYPE_} value, otherwise {@link #of(int) of} the value itself.
     *
     * @throws IllegalArgumentException for a negative value
     */
    public static LinkType ofPcapLinkType(int pcapLinkType) {
        for (LinkType type : KNOWN) {
            if (type.pcapLinkType == pcapLinkType) {
                return type;
            }
        }
        return of(pcapLinkType);
    }

    /** The named link types, the constants of this class. */
    public static List<LinkType> known() {
        return KNOWN;
    }

    /** The FreeBSD {@code DLT_} value. */
    public int dlt() {
        return dlt;
    }

    /** The {@code LINKTYPE_} value of pcap and pcapng files, or {@link #NO_PCAP_LINK_TYPE}. */
    public int pcapLinkType() {
        return pcapLinkType;
    }

    /**
     * Bytes of link-level header before the network header, as the simulated kernel pads record headers for it
     * (FreeBSD's drivers pass theirs to {@code bpfattach}); 0 where zbuf does not know it, which only means no
     * padding.
     */
    public int headerLength() {
        return headerLength;
    }

    /** Whether libpcap has a name for this type. */
    public boolean named() {
        return named;
    }

    /** The {@code DLT_} name without its prefix ({@code EN10MB}), or the value for an unnamed type ({@code 147}). */
    public String name() {
        return name;
    }

    /** libpcap's description ({@code Ethernet}), or {@code DLT 147} for an unnamed type, as libpcap words it. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinkType type && type.dlt == dlt;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(dlt);
    }

    /** As tcpdump prints it after {@code link-type}: {@code EN10MB (Ethernet)}, or {@code 147} for an unnamed type. */
    @Override
    public String toString() {
        return named ? name + " (" + description + ")" : name;
    }
}
