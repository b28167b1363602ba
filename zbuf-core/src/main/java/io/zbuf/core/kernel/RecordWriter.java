package io.zbuf.core.kernel;

import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frames one record into a store buffer, the second half of {@code catchpacket()}: zeroes the pad bytes after
 * the previous record, writes the record header with its timestamp, zeroes the pad between
 * {@link BpfRecordHeader#SIZEOF_BPF_HDR} and {@code hdrlen}, and copies the captured bytes of the packet.
 *
 * <p>The pads and the header are written in place, bounds checked once, when they lie within one page, as nearly
 * every record's do; a record, being only 8-aligned, may straddle a page boundary, and then its header is built in
 * a reusable scratch buffer and copied like any other bytes. Record offsets count from the end of the
 * {@link ZbufHeader}, as {@code bd_slen} does. Timestamps are split into seconds and their fraction without a
 * division for all but the first of each second ({@link CurrentSecond}). Allocates nothing. Not thread-safe.
 */
final class RecordWriter {
    private final ByteBuffer header = ByteBuffer.allocate(BpfRecordHeader.SIZEOF_BPF_HDR).order(ByteOrder.nativeOrder());
    private final KernelClock clock;
    private final CurrentSecond currentSecond = new CurrentSecond();

    RecordWriter(KernelClock clock) {
        this.clock = clock;
    }

    /**
     * Appends a record.
     *
     * @param pages       the store buffer
     * @param previousEnd {@code bd_slen}: where the previous record ended; zeroed from here to {@code start}
     * @param start       {@code curlen}: where the record starts, {@code previousEnd} rounded up to 8 or 0
     * @param hdrlen      {@code bh_hdrlen} of the attached link type
     * @param caplen      bytes of the packet to copy
     * @param packet      the packet; its wire length is {@code bh_datalen}
     * @param type        how to stamp it
     */
    void append(PageSet pages, int previousEnd, int start, int hdrlen, int caplen, Packet packet, TimestampType type) {
        TimestampFormat format = type.format();
        long seconds = 0;
        long fraction = 0;
        if (format != TimestampFormat.NONE) {
            int nanosOfSecond = currentSecond.nanosOfSecond(timestampNanos(packet, type));
            seconds = currentSecond.second();
            fraction = TimestampEncoding.fractionOfSecond(nanosOfSecond, format);
        }
        int padOffset = ZbufHeader.LENGTH + previousEnd;
        int recordOffset = ZbufHeader.LENGTH + start;
        int dataOffset = recordOffset + hdrlen;
        ByteBuffer page = pages.pageHolding(padOffset, dataOffset - padOffset);
        if (page != null) {
            int padInPage = pages.offsetInPage(padOffset);
            int recordInPage = padInPage + (start - previousEnd);
            // the pad is 0 to 7 bytes: one 8-byte store zeroes it, the rest of that word is the header's and is overwritten
            page.putLong(padInPage, 0L);
            BpfRecordHeader.write(page, recordInPage, seconds, fraction, caplen, packet.wireLength(), hdrlen);
            PageSet.zeroWithinPage(page, recordInPage + BpfRecordHeader.SIZEOF_BPF_HDR, hdrlen - BpfRecordHeader.SIZEOF_BPF_HDR);
        } else {
            pages.zero(padOffset, start - previousEnd);
            BpfRecordHeader.write(header, 0, seconds, fraction, caplen, packet.wireLength(), hdrlen);
            pages.copyIn(recordOffset, header, 0, BpfRecordHeader.SIZEOF_BPF_HDR);
            pages.zero(recordOffset + BpfRecordHeader.SIZEOF_BPF_HDR, hdrlen - BpfRecordHeader.SIZEOF_BPF_HDR);
        }
        pages.copyIn(dataOffset, packet, caplen);
    }

    /**
     * The packet's own timestamp, else the clock, read now or, for {@code BPF_T_FAST}, as of its last tick; since
     * boot for {@code BPF_T_MONOTONIC}, else since the epoch.
     */
    private long timestampNanos(Packet packet, TimestampType type) {
        boolean monotonic = type.monotonic();
        if (packet.timestamped()) {
            return monotonic ? packet.timestampNanos() - clock.bootTimeNanos() : packet.timestampNanos();
        }
        if (type.fast()) {
            long uptime = clock.lastTickUptimeNanos();
            return monotonic ? uptime : clock.bootTimeNanos() + uptime;
        }
        return monotonic ? clock.uptimeNanos() : clock.wallClockNanos();
    }
}
