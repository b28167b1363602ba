package io.zbuf.core.user;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;

/**
 * A buffer the kernel handed over ({@code kernel_gen != user_gen}): its records are stable and readable until
 * {@link #acknowledge()} hands it back.
 *
 * <p>{@link ZbufConsumer} owns one instance per buffer and reuses it for every hand-over of that buffer, so
 * holding allocates nothing. Once acknowledged, {@link #length()}, {@link #forEach(RecordHandler)} and
 * {@link #acknowledge()} throw {@link StaleBufferException} until the consumer holds the buffer again. Not
 * thread-safe: one reader thread.
 */
public final class HeldBuffer {
    private final ZbufConsumer consumer;
    private final ZbufId id;
    private final ByteBuffer data;
    private final BpfRecord record;
    private boolean held;
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
     * Walks every record, in order, through {@code handler}. Each number is checked before it is used, so the
     * walk never reads outside the records and always ends: offsets strictly increase.
     *
     * @return the number of records
     * @throws CorruptBufferException when a record cannot be true; the handler has seen the records before it
     * @throws StaleBufferException   if the buffer was acknowledged, before or during the walk
     */
    public int forEach(RecordHandler handler) {
        int end = ZbufHeader.LENGTH + length();
        int count = 0;
        for (int offset = ZbufHeader.LENGTH; offset < end; count++) {
            offset = record.wrap(offset, end, epoch);
            try {
                handler.onRecord(record);
            } finally {
                expireRecord();
            }
            checkHeld();
        }
        return count;
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
