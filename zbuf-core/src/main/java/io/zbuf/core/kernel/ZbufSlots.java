package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;

/**
 * The two lent buffers in their kernel-side slots ({@code bd_sbuf}, {@code bd_hbuf}, {@code bd_fbuf} of
 * {@code sys/net/bpf_zerocopy.c}): which one is being filled (store, {@code slen} bytes), whether the other one
 * is held by the user (hold, {@code hlen} bytes) or free, and which are ASSIGNED to the user.
 *
 * <p>Two buffers, three slots: the store slot is never empty and exactly one of hold and free is, so "the other
 * buffer" is either the hold or the free buffer and the free slot is empty exactly when a buffer is held.
 *
 * <p>Ownership passes through each buffer's {@link ZbufHeader}: a hand-off writes {@code kernel_len} and then
 * release-increments {@code kernel_gen}; the user's acknowledgement is an acquire-load of {@code user_gen}.
 * The shared memory is the user's and not trusted: the generations are kept here and only written to the
 * headers, and {@code user_gen} is the one field ever read back, compared for equality (FreeBSD reads
 * {@code kernel_gen} back too: docs/deviations.md section 14). Not thread-safe. zbuf's {@link ZeroCopyScheme}.
 */
final class ZbufSlots extends ZeroCopyBuffers {
    /** zbuf's scheme ({@link ZeroCopyScheme#zbuf()}): {@link SetZbufValidator}'s checks, then these slots over {@link PageSet}s. */
    static final ZeroCopyScheme SCHEME = new ZeroCopyScheme() {
        @Override
        long zmax(int pageSize) {
            return (long) SetZbufValidator.MAX_PAGES * pageSize;
        }

        @Override
        ZeroCopyBuffers setZbuf(BpfZbuf zbuf, int pageSize, boolean committed) throws BpfException {
            SetZbufValidator.validate(zbuf, pageSize, committed);
            return new ZbufSlots(zbuf.bufA(), zbuf.bufB(), (int) zbuf.bufLen(), pageSize);
        }
    };

    private final PageSet[] pages = new PageSet[2];
    private final ByteBuffer[] headers = new ByteBuffer[2];
    private final boolean[] assigned = new boolean[2];
    private final int[] generations = new int[2];
    private ZbufId store = ZbufId.A;
    private boolean holding;
    private int storeLength;
    private int holdLength;
    private long handOffs;

    /** BIOCSETZBUF: store = A, free = B, hold = none; both headers zeroed. */
    ZbufSlots(ByteBuffer bufferA, ByteBuffer bufferB, int length, int pageSize) {
        install(ZbufId.A, bufferA, length, pageSize);
        install(ZbufId.B, bufferB, length, pageSize);
    }

    private void install(ZbufId id, ByteBuffer buffer, int length, int pageSize) {
        pages[id.ordinal()] = new PageSet(buffer, length, pageSize);
        headers[id.ordinal()] = ZbufBuffers.view(buffer, length);
        ZbufHeader.clear(headers[id.ordinal()]);
    }

    /** The buffer in the store slot. */
    ZbufId store() {
        return store;
    }

    /** The pages of the store buffer. */
    PageSet storePages() {
        return pages[store.ordinal()];
    }

    /** {@code bd_slen}: bytes of records in the store buffer. */
    @Override
    int storeLength() {
        return storeLength;
    }

    /** Sets {@code bd_slen} after a record was appended. */
    @Override
    void storeLength(int length) {
        storeLength = length;
    }

    /** Whether a buffer is in the hold slot (and so none in the free slot). */
    @Override
    boolean holding() {
        return holding;
    }

    /** {@code bd_hlen}: bytes of records in the hold buffer. */
    @Override
    int holdLength() {
        return holdLength;
    }

    /** Number of hand-offs so far: generation bumps of either buffer. */
    @Override
    long handOffs() {
        return handOffs;
    }

    /** {@code bpf_canwritebuf}: the store buffer is not ASSIGNED to the user. */
    @Override
    boolean canWrite() {
        return !assigned[store.ordinal()];
    }

    /** {@code bpf_canfreebuf}: a buffer is held and the user acknowledged it ({@code kernel_gen == user_gen}). */
    @Override
    boolean canFree() {
        if (!holding) {
            return false;
        }
        int held = store.other().ordinal();
        return generations[held] == ZbufHeader.acquireUserGen(headers[held]);
    }

    /**
     * The lazy reclaim: an acknowledged hold buffer moves to the free slot and stops being ASSIGNED
     * ({@code bpf_buf_reclaimed}).
     */
    @Override
    void reclaimIfAcknowledged() {
        if (canFree()) {
            holding = false;
            holdLength = 0;
            assigned[store.other().ordinal()] = false;
        }
    }

    /**
     * BIOCROTZBUF: the lazy reclaim first (docs/deviations.md section 1: FreeBSD does not reclaim here), then,
     * if no buffer is held and the store buffer holds records, {@link #rotate()}.
     *
     * @return the buffer now held, or {@code null} when nothing was rotated
     */
    @Override
    ZbufId rotateZbuf() {
        reclaimIfAcknowledged();
        return holding || storeLength == 0 ? null : rotate();
    }

    /** {@code bpf_buffull}: no room and no free buffer, so the store buffer goes to the user as it is. */
    @Override
    void bufferFull() {
        handOff(store, storeLength);
    }

    /**
     * {@code ROTATE_BUFFERS} and {@code bpf_bufheld}: hold := store, store := free, then the held buffer is
     * handed off.
     *
     * @return the buffer now held
     * @throws IllegalStateException if the free slot is empty
     */
    @Override
    ZbufId rotate() {
        if (holding) {
            throw new IllegalStateException("cannot rotate: buffer " + store.other() + " is held, the free slot is empty");
        }
        ZbufId held = store;
        holdLength = storeLength;
        holding = true;
        store = held.other();
        storeLength = 0;
        handOff(held, holdLength);
        return held;
    }

    private void handOff(ZbufId id, int length) {
        int index = id.ordinal();
        if (!assigned[index]) {
            assigned[index] = true;
            ByteBuffer header = headers[index];
            ZbufHeader.kernelLen(header, length);
            ZbufHeader.releaseKernelGen(header, ++generations[index]);
            handOffs++;
        }
    }

    /** Frames the record straight into the store buffer's pages. */
    @Override
    void append(RecordWriter writer, int previousEnd, int start, int hdrlen, int caplen, Packet packet, TimestampType type) {
        writer.append(storePages(), previousEnd, start, hdrlen, caplen, packet, type);
    }

    /** Nothing to unwire: the descriptor drops its reference to the slots, the buffers stay the user's. */
    @Override
    void free() {
        // zbuf wires nothing
    }
}
