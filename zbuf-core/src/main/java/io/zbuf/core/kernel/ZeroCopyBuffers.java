package io.zbuf.core.kernel;

import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

/**
 * The two buffers of one descriptor, as a {@link ZeroCopyScheme} took them: the store, hold and free slots of
 * {@code struct bpf_d} and the calls bpf.c makes on them. Single-threaded, like the descriptor.
 */
abstract class ZeroCopyBuffers {
    /** {@code bd_slen}: bytes of records in the store buffer. */
    abstract int storeLength();

    /** Sets {@code bd_slen} after a record was appended, or to 0 ({@code reset_d()}). */
    abstract void storeLength(int length);

    /** Whether a buffer is in the hold slot (and so none in the free slot). */
    abstract boolean holding();

    /** {@code bd_hlen}: bytes of records in the hold buffer. */
    abstract int holdLength();

    /** Number of hand-offs so far. */
    abstract long handOffs();

    /** {@code bpf_canwritebuf}: the store buffer is not the user's. */
    abstract boolean canWrite();

    /** {@code bpf_canfreebuf}: a buffer is held and the user acknowledged it. */
    abstract boolean canFree();

    /** catchpacket()'s lazy reclaim: an acknowledged hold buffer moves to the free slot ({@code bpf_buf_reclaimed}). */
    abstract void reclaimIfAcknowledged();

    /**
     * BIOCROTZBUF, with zbuf's lazy reclaim first (docs/deviations.md section 1).
     *
     * @return the buffer now held, or {@code null} when nothing was rotated
     */
    abstract ZbufId rotateZbuf();

    /** {@code bpf_buffull}: no room and no free buffer, so the store buffer goes to the user as it is. */
    abstract void bufferFull();

    /**
     * {@code ROTATE_BUFFERS} and {@code bpf_bufheld}: hold := store, store := free, the held buffer handed off.
     *
     * @return the buffer now held
     */
    abstract ZbufId rotate();

    /**
     * The end of {@code catchpacket()}: a record framed by {@code writer} ({@link RecordWriter#append}'s
     * arguments), copied into the store buffer ({@code bpf_append_bytes}, {@code bpf_append_mbuf}).
     */
    abstract void append(RecordWriter writer, int previousEnd, int start, int hdrlen, int caplen, Packet packet, TimestampType type);

    /** {@code bpf_free()}: lets go of the buffers when the descriptor closes. */
    abstract void free();
}
