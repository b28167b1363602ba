package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.LinkType;

import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * What the compiler knows of a link type: where the network layer starts, how to test for a network
 * protocol (an ethertype, an address family, the IP version nibble), whether it has Ethernet addresses.
 */
final class LinkLayer {
    static final int ETHERTYPE_IP = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_REVARP = 0x8035;
    private static final int ETHERMTU = 1500;
    private static final int AF_INET = 2;
    /** BSD's AF_INET6 values: NetBSD/OpenBSD/BSD/OS, FreeBSD/DragonFly, Darwin; libpcap tests all three in a savefile. */
    private static final int[] AF_INET6_BSD = {24, 28, 30};
    private static final int[] VLAN_TPIDS = {0x8100, 0x88a8, 0x9100};
    private static final int VLAN_TAG = 4;

    private enum Kind { ETHERNET, NULL, LOOP, RAW, COOKED }

    private final Kind kind;
    private final String description;
    /** Offset of the ethertype (Ethernet after its VLAN tags, Linux cooked), of the network header. */
    private int etherTypeOffset;
    private int networkOffset;

    private LinkLayer(Kind kind, String description, int etherTypeOffset, int networkOffset) {
        this.kind = kind;
        this.description = description;
        this.etherTypeOffset = etherTypeOffset;
        this.networkOffset = networkOffset;
    }

    /** The link layer of {@code type}; EN10MB, NULL, LOOP, RAW (and IPV4/IPV6 as raw) and LINUX_SLL. */
    static LinkLayer of(LinkType type) {
        int dlt = type.dlt();
        if (dlt == LinkType.EN10MB.dlt()) {
            return new LinkLayer(Kind.ETHERNET, type.description(), 12, 14);
        } else if (dlt == LinkType.NULL.dlt()) {
            return new LinkLayer(Kind.NULL, type.description(), 0, 4);
        } else if (dlt == LinkType.LOOP.dlt()) {
            return new LinkLayer(Kind.LOOP, type.description(), 0, 4);
        } else if (dlt == LinkType.RAW.dlt() || dlt == LinkType.IPV4.dlt() || dlt == LinkType.IPV6.dlt()) {
            return new LinkLayer(Kind.RAW, type.description(), 0, 0);
        } else if (dlt == LinkType.LINUX_SLL.dlt()) {
            return new LinkLayer(Kind.COOKED, type.description(), 14, 16);
        }
        throw new FilterSyntaxException("filters on link type " + type.name() + " are not supported (EN10MB, NULL, "
            + "LOOP, RAW and LINUX_SLL are)", FilterSyntaxException.WHOLE_EXPRESSION, "");
    }

    int networkOffset() {
        return networkOffset;
    }

    boolean ethernet() {
        return kind == Kind.ETHERNET;
    }

    String description() {
        return description;
    }

    /** The test that the network protocol is {@code etherType}; {@link Cond#FALSE} where the link cannot carry it. */
    Cond protocol(int etherType) {
        switch (kind) {
            case ETHERNET:
            case COOKED:
                if (etherType <= ETHERMTU) {
                    Cond llc = Cond.not(test(BPF_H, etherTypeOffset, BPF_JGT, ETHERMTU));
                    return Cond.and(llc, test(BPF_B, networkOffset, BPF_JEQ, etherType));
                }
                return test(BPF_H, etherTypeOffset, BPF_JEQ, etherType);
            case NULL:
            case LOOP: {
                if (etherType == ETHERTYPE_IP) {
                    return family(AF_INET);
                }
                if (etherType != ETHERTYPE_IPV6) {
                    return Cond.FALSE;
                }
                Cond any = Cond.FALSE;
                for (int i = AF_INET6_BSD.length - 1; i >= 0; i--) {
                    any = Cond.or(family(AF_INET6_BSD[i]), any);
                }
                return any;
            }
            default: {
                int version = etherType == ETHERTYPE_IP ? 0x40 : etherType == ETHERTYPE_IPV6 ? 0x60 : -1;
                if (version < 0) {
                    return Cond.FALSE;
                }
                return new Cond.Test(List.of(load(BPF_B, 0), new BpfInsn(BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xf0)),
                    BPF_JMP | BPF_JEQ | BPF_K, version);
            }
        }
    }

    /** The address family word of BSD loopback: in the (little-endian) writer's order for NULL, network order for LOOP. */
    private Cond family(int family) {
        return test(BPF_W, 0, BPF_JEQ, kind == Kind.NULL ? Integer.reverseBytes(family) : family);
    }

    /** {@code vlan [id]}: an 802.1Q/802.1ad tag here, then every later test looks 4 bytes further. */
    Cond vlan(int id, Token at) {
        if (kind != Kind.ETHERNET) {
            throw new FilterSyntaxException("no VLAN support for " + description, at.column(), at.text());
        }
        Cond tagged = Cond.FALSE;
        for (int i = VLAN_TPIDS.length - 1; i >= 0; i--) {
            tagged = Cond.or(test(BPF_H, etherTypeOffset, BPF_JEQ, VLAN_TPIDS[i]), tagged);
        }
        if (id >= 0) {
            Cond idTest = new Cond.Test(List.of(load(BPF_H, etherTypeOffset + 2),
                new BpfInsn(BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xfff)), BPF_JMP | BPF_JEQ | BPF_K, id);
            tagged = Cond.and(tagged, idTest);
        }
        etherTypeOffset += VLAN_TAG;
        networkOffset += VLAN_TAG;
        return tagged;
    }

    static BpfInsn load(int size, int offset) {
        return new BpfInsn(BPF_LD | size | BPF_ABS, 0, 0, offset);
    }

    /** Loads {@code size} at {@code offset} and jumps on {@code op} against {@code k}. */
    static Cond test(int size, int offset, int op, int k) {
        return new Cond.Test(List.of(load(size, offset)), BPF_JMP | op | BPF_K, k);
    }

    /** Loads {@code size} at {@code offset}, masks it (unless the mask is all ones) and compares with {@code k}. */
    static Cond masked(int size, int offset, int mask, int k) {
        if (mask == 0) {
            return Cond.TRUE;
        }
        if (mask == -1 || size == BPF_H && mask == 0xffff || size == BPF_B && mask == 0xff) {
            return test(size, offset, BPF_JEQ, k);
        }
        return new Cond.Test(List.of(load(size, offset), new BpfInsn(BPF_ALU | BPF_AND | BPF_K, 0, 0, mask)),
            BPF_JMP | BPF_JEQ | BPF_K, k);
    }
}
