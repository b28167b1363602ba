package io.zbuf.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;
import java.nio.ByteBuffer;

/**
 * Jazzer: a consumer walking two buffers whose headers and records are arbitrary bytes, which a hostile kernel
 * side may even rewrite while a handler runs, reads nothing outside the buffers (each is a slice of exactly
 * {@code bz_buflen} bytes, so a read beyond it throws), always ends, and raises nothing but {@link CorruptBufferException}; a record
 * or buffer used when it is no longer valid raises {@link StaleBufferException}. {@link CorruptionFuzzTest} damages
 * well-formed buffers by seeded random bytes.
 */
class ZbufConsumerFuzzTest {
    private static final int MAX_BUFFER_LENGTH = 2048;
    private static final int ROUNDS = 8;
    private static final int OPERATIONS = 12;

    private Script data;
    private ByteBuffer[] kernelViews;
    private int bufLen;
    private static final byte[] ZEROS = new byte[MAX_BUFFER_LENGTH];

    /** The memory of the two buffers, reused: each input's buffers are slices of exactly {@code bz_buflen} bytes. */
    private final ByteBuffer memoryA = ByteBuffer.allocateDirect(MAX_BUFFER_LENGTH);
    private final ByteBuffer memoryB = ByteBuffer.allocateDirect(MAX_BUFFER_LENGTH);
    private final ByteBuffer copy = ByteBuffer.allocate(MAX_BUFFER_LENGTH);
    private BpfRecord retained;
    /** The cursor as the walks must keep it: the offset of the last record consumed, 0 before the first. */
    private int lastConsumed;
    /** The offset of the record last aborted, which the next walk delivers first; -1 if none. */
    private int aborted = -1;

    @FuzzTest(maxDuration = "10s")
    void twoBuffersOfArbitraryBytes(byte[] input) {
        // Jazzer runs every input on the same instance
        data = new Script(input);
        retained = null;
        consumed(0);
        bufLen = data.consumeInt(ZbufHeader.LENGTH + 1, MAX_BUFFER_LENGTH);
        TimestampFormat format = data.pickValue(TimestampFormat.values());
        ByteBuffer a = memoryA.slice(0, bufLen);
        ByteBuffer b = memoryB.slice(0, bufLen);
        kernelViews = new ByteBuffer[] {ZbufBuffers.view(a, bufLen), ZbufBuffers.view(b, bufLen)};
        for (ByteBuffer view : kernelViews) {
            view.put(0, ZEROS, 0, bufLen).put(0, data.consumeBytes(bufLen));
        }
        ZbufConsumer consumer = new ZbufConsumer(new BpfZbuf(a, b, bufLen), format);
        for (int round = 0; round < ROUNDS && data.remainingBytes() > 0; round++) {
            HeldBuffer held = consumer.poll();
            if (held == null) {
                handOver(kernelViews[consumer.expected().ordinal()]);
            } else {
                assertThat(held.id()).isEqualTo(consumer.expected());
                use(held);
            }
        }
    }

    /** The kernel side hands the buffer over again: a new generation, a new length, new bytes somewhere. */
    private void handOver(ByteBuffer view) {
        int generation = data.consumeBoolean() ? ZbufHeader.userGen(view) + 1 : data.consumeInt();
        ZbufHeader.kernelLen(view, data.consumeBoolean() ? data.consumeInt(0, bufLen) : data.consumeInt());
        scribble(view);
        ZbufHeader.releaseKernelGen(view, generation);
    }

    /** Arbitrary bytes at an arbitrary place of the buffer, header included. */
    private void scribble(ByteBuffer view) {
        int at = data.consumeInt(0, bufLen - 1);
        view.put(at, data.consumeBytes(data.consumeInt(0, bufLen - at)));
    }

    private void use(HeldBuffer held) {
        for (int operation = 0; operation < OPERATIONS; operation++) {
            try {
                switch (data.consumeInt(0, 6)) {
                    case 0 -> assertThat(held.forEach(record -> {
                        check(held, record);
                        consumed(record.offset());
                    })).isNotNegative();
                    case 1 -> assertThat(held.controlledForEach(record -> {
                        check(held, record);
                        ControlledRecordHandler.Action action = data.pickValue(ControlledRecordHandler.Action.values());
                        if (action == ControlledRecordHandler.Action.ABORT) {
                            aborted = record.offset();
                        } else {
                            consumed(record.offset());
                        }
                        return action;
                    })).isNotNegative();
                    case 2 -> assertThat(held.length()).isBetween(0, bufLen - ZbufHeader.LENGTH);
                    case 3 -> held.hasRemaining();
                    case 4 -> {
                        held.rewind();
                        consumed(0);
                    }
                    case 5 -> {
                        if (retained != null) {
                            assertThatThrownBy(retained::caplen).isInstanceOf(StaleBufferException.class);
                        }
                    }
                    default -> {
                        held.acknowledge();
                        consumed(0);
                        assertThatThrownBy(held::length).isInstanceOf(StaleBufferException.class);
                        assertThatThrownBy(held::rewind).isInstanceOf(StaleBufferException.class);
                        return;
                    }
                }
            } catch (CorruptBufferException corrupt) {
                assertThat(corrupt.buffer()).isEqualTo(held.id().name());
                assertThat(corrupt.offset()).isBetween(0L, (long) bufLen - 1);
            } catch (HandlerFailure thrown) {
                consumed(thrown.offset);
            }
        }
    }

    private void consumed(int offset) {
        lastConsumed = offset;
        aborted = -1;
    }

    /** What a handler may rely on for any record it is given, whatever the buffer holds. */
    private void check(HeldBuffer held, BpfRecord record) {
        retained = record;
        int end = ZbufHeader.LENGTH + held.length();
        assertThat(record.offset()).isBetween(ZbufHeader.LENGTH, end - 1);
        if (aborted >= 0) {
            assertThat(record.offset()).as("the record aborted comes again").isEqualTo(aborted);
        } else if (lastConsumed == 0) {
            assertThat(record.offset()).as("the first record").isEqualTo(ZbufHeader.LENGTH);
        } else {
            assertThat(record.offset()).as("the walk goes on after the last record consumed").isGreaterThan(lastConsumed);
        }
        assertThat(record.hdrlen()).isGreaterThanOrEqualTo(26);
        assertThat((long) record.offset() + record.hdrlen() + record.caplen()).isLessThanOrEqualTo(end);
        assertThat(record.datalen()).isGreaterThanOrEqualTo(record.caplen());
        if (data.consumeBoolean()) {
            scribble(kernelViews[held.id().ordinal()]);
        }
        assertThat(record.packet().remaining()).isEqualTo(record.caplen());
        assertThat(record.packetWindow().remaining()).isEqualTo(record.caplen());
        copy.clear();
        record.copyPacketTo(copy);
        assertThat(copy.position()).isEqualTo(record.caplen());
        if (record.caplen() > 0) {
            record.unsignedByteAt(record.caplen() - 1);
            assertThatThrownBy(() -> record.unsignedByteAt(record.caplen())).isInstanceOf(IndexOutOfBoundsException.class);
        }
        if (record.caplen() >= Long.BYTES) {
            record.longAt(record.caplen() - Long.BYTES);
        }
        record.timestampSeconds();
        record.timestampFraction();
        try {
            record.epochNanos();
        } catch (CorruptBufferException badTimestamp) {
            assertThat(badTimestamp.offset()).isEqualTo(record.offset());
        }
        if (data.consumeInt(0, 15) == 15) {
            throw new HandlerFailure(record.offset());
        }
    }

    /**
     * The input read in order, each number from as few bytes as its range needs (big-endian, modulo the range),
     * zeros once it ends: first {@code bz_buflen} (2 bytes) and the timestamp format (1), then buffer A and
     * buffer B, {@code bz_buflen} bytes each, then what the kernel and the user do.
     */
    private static final class Script {
        private final ByteBuffer input;

        Script(byte[] input) {
            this.input = ByteBuffer.wrap(input);
        }

        int remainingBytes() {
            return input.remaining();
        }

        int consumeInt(int min, int max) {
            long range = (long) max - min;
            long value = 0;
            for (long left = range; left > 0; left >>>= Byte.SIZE) {
                value = value << Byte.SIZE | (input.hasRemaining() ? Byte.toUnsignedInt(input.get()) : 0);
            }
            return (int) (min + Long.remainderUnsigned(value, range + 1));
        }

        int consumeInt() {
            return consumeInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        boolean consumeBoolean() {
            return consumeInt(0, 1) == 1;
        }

        <T> T pickValue(T[] values) {
            return values[consumeInt(0, values.length - 1)];
        }

        byte[] consumeBytes(int length) {
            byte[] bytes = new byte[Math.min(length, input.remaining())];
            input.get(bytes);
            return bytes;
        }
    }

    /** A handler's own failure: the record counts as consumed. */
    private static final class HandlerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int offset;

        HandlerFailure(int offset) {
            super("handler failed at record " + offset, null, false, false);
            this.offset = offset;
        }
    }
}
