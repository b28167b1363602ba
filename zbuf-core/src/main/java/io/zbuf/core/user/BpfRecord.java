package io.zbuf.core.user;

import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.TimestampFormat;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One record of a held buffer: the validated numbers of its header and zero-copy access to its packet bytes.
 *
 * <p>A flyweight: {@link HeldBuffer#forEach(RecordHandler)} moves the same instance from record to record, so
 * a walk allocates nothing. It is valid only while {@link RecordHandler#onRecord(BpfRecord)} runs for it; any
 * use afterwards (or after the buffer was acknowledged) throws {@link StaleBufferException} instead of reading
 * memory the kernel may be rewriting. The check is an epoch comparison, no allocation.
 *
 * <p>The packet bytes, read in place, three ways. Indexes count from the packet's first byte and every read
 * is bounded by {@link #caplen()}, so no read reaches the record header, another record or the buffer header:
 * <ul>
 *   <li>{@link #unsignedByteAt}, {@link #unsignedShortAt}, {@link #intAt}, {@link #unsignedIntAt}, {@link
 *       #longAt}: big-endian (network order) reads, allocating nothing. The way to decode.</li>
 *   <li>{@link #packet()}: a {@link ByteBuffer} of exactly the packet, index 0 its first byte, for code that
 *       takes a buffer; one small view object per record that asks for it.</li>
 *   <li>{@link #packetWindow()}: the packet as the window between position and limit of a view of the whole
 *       buffer, allocating nothing, for relative and bulk reads (a channel write, {@link ByteBuffer#put(ByteBuffer)}).
 *       Its absolute indexes are offsets in the buffer, not in the packet.</li>
 * </ul>
 *
 * <p>{@link #caplen()}, {@link #datalen()} and {@link #hdrlen()} are read once, when the walk reaches the
 * record, and checked before use; the timestamp words are read on each call.
 */
public final class BpfRecord {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MAX_SECONDS = (Long.MAX_VALUE - (NANOS_PER_SECOND - 1)) / NANOS_PER_SECOND;
    private static final long MIN_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND;

    private final HeldBuffer buffer;
    private final ByteBuffer data;
    private final ByteBuffer packetBytes;
    private final ByteBuffer packetWindow;
    private final TimestampFormat format;
    private final int recordSpace;
    private long epoch = -1;
    private int offset;
    private int hdrlen;
    private int caplen;
    private long datalen;
    private ByteBuffer packet;

    BpfRecord(HeldBuffer buffer, ByteBuffer data, TimestampFormat format) {
        this.buffer = buffer;
        this.data = data;
        this.packetBytes = data.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
        this.packetWindow = data.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
        this.format = format;
        this.recordSpace = data.limit() - ZbufHeader.LENGTH;
        packetWindow.limit(0);
    }

    /**
     * Points this flyweight at the record starting at {@code recordOffset}, checking every number of its header.
     *
     * @return the offset of the next record
     */
    int wrap(int recordOffset, int end, long epoch) {
        if (end - recordOffset < BpfRecordHeader.SIZEOF_BPF_HDR) {
            throw corrupt(recordOffset, "the " + BpfRecordHeader.SIZEOF_BPF_HDR
                + "-byte record header runs past the end of the records at offset " + end);
        }
        int newHdrlen = BpfRecordHeader.hdrlen(data, recordOffset);
        long newCaplen = BpfRecordHeader.caplen(data, recordOffset);
        long newDatalen = BpfRecordHeader.datalen(data, recordOffset);
        if (newHdrlen < BpfRecordHeader.SIZEOF_BPF_HDR) {
            throw corrupt(recordOffset, "bh_hdrlen " + newHdrlen + " is below the " + BpfRecordHeader.SIZEOF_BPF_HDR
                + " bytes of a record header");
        }
        if (newCaplen > recordSpace) {
            throw corrupt(recordOffset, "bh_caplen " + newCaplen + " exceeds the buffer size of " + recordSpace + " bytes");
        }
        if (newHdrlen + newCaplen > end - recordOffset) {
            throw corrupt(recordOffset, "bh_hdrlen " + newHdrlen + " + bh_caplen " + newCaplen
                + " runs past the end of the records at offset " + end);
        }
        if (newDatalen < newCaplen) {
            throw corrupt(recordOffset, "bh_datalen " + newDatalen + " is less than bh_caplen " + newCaplen);
        }
        this.offset = recordOffset;
        this.hdrlen = newHdrlen;
        this.caplen = (int) newCaplen;
        this.datalen = newDatalen;
        this.epoch = epoch;
        return recordOffset + BpfAlignment.wordAlign(newHdrlen + caplen);
    }

    /** Ends the validity of the record and of the views {@link #packet()} and {@link #packetWindow()} returned. */
    void invalidate() {
        packetWindow.limit(0);
        if (packet != null) {
            packet.limit(0);
            packet = null;
        }
    }

    /** Offset of the record's header from the start of its buffer. */
    public int offset() {
        checkLive();
        return offset;
    }

    /** {@code bh_caplen}: bytes of packet in the record. */
    public int caplen() {
        checkLive();
        return caplen;
    }

    /** {@code bh_datalen}: length of the packet on the wire, at least {@link #caplen()}. */
    public long datalen() {
        checkLive();
        return datalen;
    }

    /** {@code bh_hdrlen}: bytes from the record's start to its packet bytes, at least 26. */
    public int hdrlen() {
        checkLive();
        return hdrlen;
    }

    /** Timestamp word 0: seconds, as the kernel wrote it. */
    public long timestampSeconds() {
        checkLive();
        return BpfRecordHeader.seconds(data, offset);
    }

    /** Timestamp word 1: microseconds, nanoseconds or a 2^-64 fraction of a second, per the timestamp format. */
    public long timestampFraction() {
        checkLive();
        return BpfRecordHeader.fraction(data, offset);
    }

    /**
     * The timestamp in nanoseconds since the epoch (or since boot for a monotonic timestamp type), decoded per
     * the capture's {@link TimestampFormat}: MICROTIME microseconds x 1000, NANOTIME nanoseconds, BINTIME the
     * 2^-64 fraction rounded down to whole nanoseconds, exactly; NONE always 0.
     *
     * @throws CorruptBufferException if the sub-second word is out of range for its format or the timestamp
     *                                does not fit in a {@code long} of nanoseconds (beyond the years 1677-2262)
     */
    public long epochNanos() {
        long seconds = timestampSeconds();
        long fraction = BpfRecordHeader.fraction(data, offset);
        long nanos;
        switch (format) {
            case MICROTIME:
                nanos = belowOne(fraction, MICROS_PER_SECOND, "microseconds") * NANOS_PER_MICRO;
                break;
            case NANOTIME:
                nanos = belowOne(fraction, NANOS_PER_SECOND, "nanoseconds");
                break;
            case BINTIME:
                nanos = Math.multiplyHigh(fraction, NANOS_PER_SECOND) + ((fraction >> (Long.SIZE - 1)) & NANOS_PER_SECOND);
                break;
            default:
                return 0;
        }
        if (seconds > MAX_SECONDS || seconds < MIN_SECONDS) {
            throw corrupt(offset, "timestamp seconds " + seconds + " do not fit in 64-bit epoch nanoseconds");
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /**
     * A read-only, big-endian, zero-copy view of exactly the packet bytes: index 0 is the first, capacity and
     * limit are {@link #caplen()}. Made on the first call for a record (one small object) and returned again by
     * later calls for the same record; use the {@code ...At} reads where nothing may be allocated. Valid until the
     * handler returns: afterwards its limit is 0, so a retained view fails on every read.
     */
    public ByteBuffer packet() {
        checkLive();
        if (packet == null) {
            packet = packetBytes.slice(offset + hdrlen, caplen).order(ByteOrder.BIG_ENDIAN);
        }
        return packet;
    }

    /**
     * The packet bytes as a window on the zero-copy buffer: a read-only, big-endian view of the whole buffer whose
     * position ({@code offset + hdrlen}) and limit ({@code offset + hdrlen + caplen}) enclose them. Allocates
     * nothing: the same view is reused for every record of the buffer, and each call resets its position and limit.
     * For relative and bulk reads; absolute indexes in it count from the start of the buffer, not of the packet.
     * Valid until the handler returns: afterwards its limit is 0, so a retained view fails on every read.
     */
    public ByteBuffer packetWindow() {
        checkLive();
        int start = offset + hdrlen;
        return packetWindow.limit(start + caplen).position(start);
    }

    /**
     * The packet byte at {@code index}, counted from the first packet byte, as 0-255.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < caplen}
     */
    public int unsignedByteAt(int index) {
        return Byte.toUnsignedInt(packetBytes.get(packetIndex(index, Byte.BYTES)));
    }

    /**
     * The big-endian 16-bit value at packet index {@code index}, as 0-65535.
     *
     * @throws IndexOutOfBoundsException unless the two bytes lie within the {@link #caplen()} bytes
     */
    public int unsignedShortAt(int index) {
        return Short.toUnsignedInt(packetBytes.getShort(packetIndex(index, Short.BYTES)));
    }

    /**
     * The big-endian 32-bit value at packet index {@code index}.
     *
     * @throws IndexOutOfBoundsException unless the four bytes lie within the {@link #caplen()} bytes
     */
    public int intAt(int index) {
        return packetBytes.getInt(packetIndex(index, Integer.BYTES));
    }

    /**
     * The big-endian 32-bit value at packet index {@code index}, as 0 to 2^32 - 1.
     *
     * @throws IndexOutOfBoundsException unless the four bytes lie within the {@link #caplen()} bytes
     */
    public long unsignedIntAt(int index) {
        return Integer.toUnsignedLong(intAt(index));
    }

    /**
     * The big-endian 64-bit value at packet index {@code index}.
     *
     * @throws IndexOutOfBoundsException unless the eight bytes lie within the {@link #caplen()} bytes
     */
    public long longAt(int index) {
        return packetBytes.getLong(packetIndex(index, Long.BYTES));
    }

    /** The buffer index of packet index {@code index}, once {@code size} bytes there are known to be captured. */
    private int packetIndex(int index, int size) {
        checkLive();
        return offset + hdrlen + Objects.checkFromIndexSize(index, size, caplen);
    }

    /**
     * Copies the packet bytes to {@code dst} at its position and advances the position by {@link #caplen()}.
     *
     * @throws BufferOverflowException if {@code dst} has fewer than {@link #caplen()} bytes remaining
     */
    public void copyPacketTo(ByteBuffer dst) {
        checkLive();
        if (dst.remaining() < caplen) {
            throw new BufferOverflowException();
        }
        int position = dst.position();
        dst.put(position, data, offset + hdrlen, caplen).position(position + caplen);
    }

    private long belowOne(long fraction, long unitsPerSecond, String unit) {
        if (Long.compareUnsigned(fraction, unitsPerSecond) >= 0) {
            throw corrupt(offset, "timestamp " + unit + " " + Long.toUnsignedString(fraction) + " are not below " + unitsPerSecond);
        }
        return fraction;
    }

    private void checkLive() {
        if (epoch != buffer.epoch()) {
            throw new StaleBufferException("a record of buffer " + buffer.id() + " was used after its handler returned or the buffer"
                + " was acknowledged; copy what must outlive RecordHandler.onRecord");
        }
    }

    private CorruptBufferException corrupt(int at, String problem) {
        return new CorruptBufferException(buffer.id().name(), at, problem);
    }
}
