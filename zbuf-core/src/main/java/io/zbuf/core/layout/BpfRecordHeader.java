package io.zbuf.core.layout;

import io.zbuf.spi.LinkType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of the header in front of each packet record: {@code struct bpf_hdr} (MICROTIME) and
 * {@code struct bpf_xhdr} (NANOTIME, BINTIME, NONE). On amd64 both have the same shape:
 *
 * <pre>
 *   0               8               16      20      24  26      hdrlen              hdrlen + caplen
 *  +---------------+---------------+-------+-------+---+-------+-------------------+
 *  | ts word 0     | ts word 1     |caplen |datalen|hdr| pad   | packet bytes ...  | pad to 8
 *  | sec (i64)     | usec/nsec/frac|  u32  |  u32  |len| zero  |                   |
 *  +---------------+---------------+-------+-------+---+-------+-------------------+
 * </pre>
 *
 * <p>Only the first {@link #SIZEOF_BPF_HDR} bytes count; {@code bh_hdrlen} is
 * {@code WORDALIGN(linkhdr + 26) - linkhdr}, so that the network header lands 8-aligned. All fields are in
 * native byte order; offsets are relative to the record's start.
 */
public final class BpfRecordHeader {
    /** Timestamp word 0: seconds ({@code tv_sec} / {@code bt_sec}), i64. */
    public static final int TIMESTAMP_SECONDS_OFFSET = 0;
    /** Timestamp word 1: microseconds, nanoseconds or a 2^-64 fraction, 64 bits. */
    public static final int TIMESTAMP_FRACTION_OFFSET = 8;
    /** {@code bh_caplen}: bytes of packet captured in the record, u32. */
    public static final int CAPLEN_OFFSET = 16;
    /** {@code bh_datalen}: length of the packet on the wire, u32. */
    public static final int DATALEN_OFFSET = 20;
    /** {@code bh_hdrlen}: offset of the packet bytes from the record's start, u16. */
    public static final int HDRLEN_OFFSET = 24;
    /** {@code SIZEOF_BPF_HDR}: the bytes of the header that count. */
    public static final int SIZEOF_BPF_HDR = 26;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private BpfRecordHeader() {
    }

    /** {@code bh_hdrlen} for a link type: Ethernet 26, BSD loopback 28, raw IP 32. */
    public static int headerLength(LinkType linkType) {
        int linkHeader = linkType.headerLength();
        return BpfAlignment.wordAlign(linkHeader + SIZEOF_BPF_HDR) - linkHeader;
    }

    /** Writes a whole header at {@code offset}; bytes 26 up to {@code hdrlen} are left to the caller. */
    public static void write(ByteBuffer buffer, int offset, long seconds, long fraction, int caplen, int datalen, int hdrlen) {
        ByteBuffer b = ordered(buffer);
        b.putLong(offset + TIMESTAMP_SECONDS_OFFSET, seconds);
        b.putLong(offset + TIMESTAMP_FRACTION_OFFSET, fraction);
        b.putInt(offset + CAPLEN_OFFSET, caplen);
        b.putInt(offset + DATALEN_OFFSET, datalen);
        b.putShort(offset + HDRLEN_OFFSET, (short) hdrlen);
    }

    /** Timestamp word 0. */
    public static long seconds(ByteBuffer buffer, int offset) {
        return ordered(buffer).getLong(offset + TIMESTAMP_SECONDS_OFFSET);
    }

    /** Timestamp word 1. */
    public static long fraction(ByteBuffer buffer, int offset) {
        return ordered(buffer).getLong(offset + TIMESTAMP_FRACTION_OFFSET);
    }

    /** {@code bh_caplen}, unsigned. */
    public static long caplen(ByteBuffer buffer, int offset) {
        return Integer.toUnsignedLong(ordered(buffer).getInt(offset + CAPLEN_OFFSET));
    }

    /** {@code bh_datalen}, unsigned. */
    public static long datalen(ByteBuffer buffer, int offset) {
        return Integer.toUnsignedLong(ordered(buffer).getInt(offset + DATALEN_OFFSET));
    }

    /** {@code bh_hdrlen}, unsigned. */
    public static int hdrlen(ByteBuffer buffer, int offset) {
        return Short.toUnsignedInt(ordered(buffer).getShort(offset + HDRLEN_OFFSET));
    }

    private static ByteBuffer ordered(ByteBuffer buffer) {
        if (buffer.order() != ORDER) {
            throw new IllegalArgumentException("record buffers must be in native byte order; use ZbufBuffers.view(buffer)");
        }
        return buffer;
    }
}
