package io.zbuf.core.user;

import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Finds the buffers the kernel hands over by looking at shared memory only: no system call, no allocation.
 *
 * <p>The kernel fills A first, then strictly alternates, and so does the consumer: it checks only the buffer
 * it {@link #expected() expects}. When the kernel hands over both buffers (its store buffer filled while the
 * user held the other), they are taken A then B in that order, because the second is checked only after the
 * first was acknowledged.
 *
 * <p>Not thread-safe: one reader thread.
 */
public final class ZbufConsumer {
    /** The largest buffer length a consumer accepts: the last 8-aligned {@code int}. */
    public static final int MAX_BUFFER_LENGTH = Integer.MAX_VALUE & -BpfAlignment.ALIGNMENT;

    private final HeldBuffer bufferA;
    private final HeldBuffer bufferB;
    private HeldBuffer expected;

    /**
     * A consumer of the two buffers lent with BIOCSETZBUF.
     *
     * @param zbuf   the lent buffers: direct, at least {@code bufLen} bytes each
     * @param format the timestamp format the descriptor stamps records with
     * @throws IllegalArgumentException if a buffer is missing, not direct or too short, or {@code bufLen} is not
     *                                  above 32 and at most {@link #MAX_BUFFER_LENGTH}
     */
    public ZbufConsumer(BpfZbuf zbuf, TimestampFormat format) {
        Objects.requireNonNull(format, "format");
        long bufLen = zbuf.bufLen();
        if (bufLen <= ZbufHeader.LENGTH || bufLen > MAX_BUFFER_LENGTH) {
            throw new IllegalArgumentException("bz_buflen " + bufLen + " must exceed the " + ZbufHeader.LENGTH
                + "-byte header and be at most " + MAX_BUFFER_LENGTH);
        }
        bufferA = new HeldBuffer(this, ZbufId.A, view(ZbufId.A, zbuf.bufA(), (int) bufLen), format);
        bufferB = new HeldBuffer(this, ZbufId.B, view(ZbufId.B, zbuf.bufB(), (int) bufLen), format);
        expected = bufferA;
    }

    /**
     * The buffer handed over next, if the kernel has: the expected buffer when {@code kernel_gen != user_gen}.
     * While a buffer is held and not acknowledged, returns that same buffer again.
     *
     * @return the held buffer, or {@code null} if the kernel still owns the expected one
     */
    public HeldBuffer poll() {
        HeldBuffer candidate = expected;
        return candidate.isHeld() || candidate.tryHold() ? candidate : null;
    }

    /** The buffer the consumer is on: the held one, or else the one the kernel hands over next. */
    public ZbufId expected() {
        return expected.id();
    }

    void acknowledged(ZbufId id) {
        expected = id == ZbufId.A ? bufferB : bufferA;
    }

    private static ByteBuffer view(ZbufId id, ByteBuffer buffer, int bufLen) {
        if (buffer == null || !buffer.isDirect()) {
            throw new IllegalArgumentException("buffer " + id + " must be a direct ByteBuffer, not " + buffer);
        }
        if (buffer.capacity() < bufLen) {
            throw new IllegalArgumentException("buffer " + id + " holds " + buffer.capacity() + " bytes, fewer than bz_buflen "
                + bufLen);
        }
        return ZbufBuffers.view(buffer, bufLen);
    }
}
