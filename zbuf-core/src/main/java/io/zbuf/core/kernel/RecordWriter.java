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
 * <p>The header is written in place when it lies within one page; a record, being only 8-aligned, may
 * straddle a page boundary, and then its header is built in a reusable scratch buffer and copied like any other
 * bytes. Record offsets count from the end of the {@link ZbufHeader},
 * as {@code bd_slen} does. Allocates nothing. Not thread-safe.
 */
final class RecordWriter {
    private final ByteBuffer header = ByteBuffer.allocate(BpfRecordHeader.SIZEOF_BPF_HDR).order(ByteOrder.nativeOrder());
    private final KernelClock clock;

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
        int recordOffset = ZbufHeader.LENGTH + start;
        pages.zero(ZbufHeader.LENGTH + previousEnd, start - previousEnd);
        TimestampFormat format = type.format();
        long nanos = format == TimestampFormat.NONE ? 0 : timestampNanos(packet, type);
        long seconds = TimestampEncoding.seconds(nanos, format);
        long fraction = TimestampEncoding.fraction(nanos, format);
        ByteBuffer page = pages.pageHolding(recordOffset, BpfRecordHeader.SIZEOF_BPF_HDR);
        if (page != null) {
            BpfRecordHeader.write(page, pages.offsetInPage(recordOffset), seconds, fraction, caplen, packet.wireLength(), hdrlen);
        } else {
            BpfRecordHeader.write(header, 0, seconds, fraction, caplen, packet.wireLength(), hdrlen);
            pages.copyIn(recordOffset, header, 0, BpfRecordHeader.SIZEOF_BPF_HDR);
        }
        pages.zero(recordOffset + BpfRecordHeader.SIZEOF_BPF_HDR, hdrlen - BpfRecordHeader.SIZEOF_BPF_HDR);
        pages.copyIn(recordOffset + hdrlen, packet, caplen);
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
