package io.zbuf.core.user;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A buffer the kernel handed over ({@code kernel_gen != user_gen}): its records are stable and readable until
 * {@link #acknowledge()} hands it back.
 *
 * <p>A held buffer has a cursor: the offset of the next record to walk, at the first record when the buffer is
 * taken. {@link #forEach(RecordHandler)} and {@link #controlledForEach(ControlledRecordHandler)} walk from the
 * cursor and move it past every record they deliver, also past a record whose handler threw, so a walk that
 * stops early (a {@link ControlledRecordHandler.Action#BREAK BREAK}, an exception) resumes where it stopped and
 * no record is delivered twice or skipped. {@link #hasRemaining()} says whether records are left; {@link
 * #rewind()} walks the buffer again from its first record.
 *
 * <p>{@link ZbufConsumer} owns one instance per buffer and reuses it for every hand-over of that buffer, so
 * holding allocates nothing. Once acknowledged, every method but {@link #id()} throws {@link
 * StaleBufferException} until the consumer holds the buffer again. Not thread-safe: one reader thread.
 */
public final class HeldBuffer {
    /** The cursor once a walk found a record it cannot frame: beyond every end. */
    private static final int UNFRAMEABLE = Integer.MAX_VALUE;

    private final ZbufConsumer consumer;
    private final ZbufId id;
    private final ByteBuffer data;
    private final BpfRecord record;
    private boolean held;
    private int next;
    private int generation;
    private int kernelLen;
    private long epoch;

    HeldBuffer(ZbufConsumer consumer, ZbufId id, ByteBuffer data, TimestampFormat format) {
        this.consumer = consumer;
        this.id = id;
        this.data = data;
        this.record = new BpfRecord(this, data, format);
    }

    /**
     * Holds the buffer if the kernel handed it over: acquire-load of {@code kernel_gen}, equality test with
     * {@code user_gen} (so wrap-around at 2^32 is harmless), then a snapshot of {@code kernel_len}.
     */
    boolean tryHold() {
        int kernelGen = ZbufHeader.acquireKernelGen(data);
        if (kernelGen == ZbufHeader.userGen(data)) {
            return false;
        }
        generation = kernelGen;
        kernelLen = ZbufHeader.kernelLen(data);
        next = ZbufHeader.LENGTH;
        held = true;
        return true;
    }

    boolean isHeld() {
        return held;
    }

    long epoch() {
        return epoch;
    }

    /** Which of the two buffers this is. */
    public ZbufId id() {
        return id;
    }

    /**
     * {@code bzh_kernel_len}: bytes of records after the 32-byte header.
     *
     * @throws CorruptBufferException if it is negative as a signed int or exceeds the buffer's record space
     * @throws StaleBufferException   if the buffer was acknowledged
     */
    public int length() {
        checkHeld();
        int recordSpace = data.limit() - ZbufHeader.LENGTH;
        if (kernelLen < 0 || kernelLen > recordSpace) {
            throw new CorruptBufferException(id.name(), ZbufHeader.KERNEL_LEN_OFFSET, "bzh_kernel_len "
                + Integer.toUnsignedString(kernelLen) + " exceeds the " + recordSpace + " bytes of record space");
        }
        return kernelLen;
    }

    /**
     * Walks the records from the cursor to the last, in order, through {@code handler}. Each number is checked
     * before it is used, so the walk never reads outside the records and always ends: offsets strictly increase.
     * If the handler throws, the record counts as delivered: the exception propagates with the cursor after it.
     *
     * @return the number of records delivered
     * @throws CorruptBufferException when a record cannot be true; the handler has seen the records before it,
     *                                and the walk ends there: nothing after it can be framed
     * @throws StaleBufferException   if the buffer was acknowledged, before or during the walk
     */
    public int forEach(RecordHandler handler) {
        return walk(Objects.requireNonNull(handler, "handler"), null);
    }

    /**
     * Walks the records from the cursor as {@link #forEach(RecordHandler)} does, until the last or until
     * {@code handler} answers {@link ControlledRecordHandler.Action#BREAK BREAK} (the cursor is then after that
     * record) or {@link ControlledRecordHandler.Action#ABORT ABORT} (the cursor stays at it).
     *
     * @return the number of records consumed: delivered and not aborted
     * @throws NullPointerException   if the handler answers {@code null}; that record counts as consumed
     * @throws CorruptBufferException when a record cannot be true, as for {@link #forEach(RecordHandler)}
     * @throws StaleBufferException   if the buffer was acknowledged, before or during the walk
     */
    public int controlledForEach(ControlledRecordHandler handler) {
        return walk(null, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Whether records are left to walk: false once a walk passed the last record, or found one it could not
     * frame.
     *
     * @throws CorruptBufferException if {@code bzh_kernel_len} is corrupt and no walk has found it yet
     * @throws StaleBufferException   if the buffer was acknowledged
     */
    public boolean hasRemaining() {
        checkHeld();
        return next != UNFRAMEABLE && next < ZbufHeader.LENGTH + length();
    }

    /**
     * Moves the cursor back to the first record, so the next walk delivers every record again.
     *
     * @throws StaleBufferException if the buffer was acknowledged
     */
    public void rewind() {
        checkHeld();
        next = ZbufHeader.LENGTH;
    }

    /** One walk: exactly one of {@code plain} and {@code controlled} is given. */
    private int walk(RecordHandler plain, ControlledRecordHandler controlled) {
        checkHeld();
        if (next == UNFRAMEABLE) {
            return 0;
        }
        int end = recordsEnd();
        int count = 0;
        while (next < end) {
            int offset = next;
            next = frame(offset, end);
            ControlledRecordHandler.Action action = ControlledRecordHandler.Action.CONTINUE;
            try {
                if (plain != null) {
                    plain.onRecord(record);
                } else {
                    action = controlled.onRecord(record);
                }
            } finally {
                expireRecord();
            }
            checkHeld();
            switch (action) {
                case CONTINUE -> count++;
                case BREAK -> {
                    return count + 1;
                }
                case ABORT -> {
                    next = offset;
                    return count;
                }
            }
        }
        return count;
    }

    /** The end of the records; a corrupt {@code bzh_kernel_len} makes the buffer unframeable. */
    private int recordsEnd() {
        try {
            return ZbufHeader.LENGTH + length();
        } catch (CorruptBufferException corrupt) {
            throw unframeable(corrupt);
        }
    }

    /** Frames the record at {@code offset} and returns the offset of the next; a corrupt one ends the walk for good. */
    private int frame(int offset, int end) {
        try {
            return record.wrap(offset, end, epoch);
        } catch (CorruptBufferException corrupt) {
            throw unframeable(corrupt);
        }
    }

    private CorruptBufferException unframeable(CorruptBufferException corrupt) {
        next = UNFRAMEABLE;
        return corrupt;
    }

    /**
     * Hands the buffer back to the kernel: release store of {@code user_gen = kernel_gen}, after the last read.
     * The consumer then expects the other buffer.
     *
     * @throws StaleBufferException if the buffer was already acknowledged
     */
    public void acknowledge() {
        checkHeld();
        held = false;
        expireRecord();
        ZbufHeader.releaseUserGen(data, generation);
        consumer.acknowledged(id);
    }

    private void expireRecord() {
        epoch++;
        record.invalidate();
    }

    private void checkHeld() {
        if (!held) {
            throw new StaleBufferException("buffer " + id + " was used after it was acknowledged; the kernel may be"
                + " writing into it again");
        }
    }
}
