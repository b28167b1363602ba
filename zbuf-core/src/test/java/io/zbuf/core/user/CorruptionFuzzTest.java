package io.zbuf.core.user;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random corruption of shared memory: whatever the kernel side writes, a walk ends, reads nothing outside
 * the claimed records, and fails with nothing but {@link CorruptBufferException}.
 */
class CorruptionFuzzTest {
    private static final int BUF_LEN = 4096;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void corruptedRecordsEndTheWalkWithCorruptBufferExceptionOnly(long seed) {
        Random random = new Random(seed);
        TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
        int records = 1 + random.nextInt(40);
        for (int i = 0; i < records; i++) {
            int caplen = random.nextInt(200);
            if (ZbufHeader.LENGTH + 8 + 32 + caplen + 8 > BUF_LEN - kernel.handOverLengthSoFar(ZbufId.A)) {
                break;
            }
            kernel.record(ZbufId.A, 26 + random.nextInt(7), TestZbufWriter.packet(caplen, i), caplen + random.nextInt(10),
                random.nextInt(), random.nextLong());
        }
        int length = kernel.handOver(ZbufId.A);
        ByteBuffer view = kernel.view(ZbufId.A);
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int offset = ZbufHeader.LENGTH + random.nextInt(Math.max(1, length));
            view.put(offset, (byte) random.nextInt());
        }
        if (random.nextInt(4) == 0) {
            ZbufHeader.kernelLen(view, random.nextInt(4) == 0 ? random.nextInt() : length + random.nextInt(64) - 32);
        }

        walkExpectingOnlyCorruption(kernel, random, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBufferOfRandomBytesEndsTheWalkWithCorruptBufferExceptionOnly(long seed) {
        Random random = new Random(seed);
        TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
        ByteBuffer view = kernel.view(ZbufId.A);
        byte[] noise = new byte[BUF_LEN - ZbufHeader.LENGTH];
        random.nextBytes(noise);
        view.put(ZbufHeader.LENGTH, noise);
        kernel.handOver(ZbufId.A, random.nextBoolean() ? random.nextInt(BUF_LEN) : random.nextInt());

        walkExpectingOnlyCorruption(kernel, random, seed);
    }

    private static void walkExpectingOnlyCorruption(TestZbufWriter kernel, Random random, long seed) {
        TimestampFormat format = TimestampFormat.values()[random.nextInt(TimestampFormat.values().length)];
        HeldBuffer held = new ZbufConsumer(kernel.zbuf, format).poll();
        ByteBuffer copy = ByteBuffer.allocate(BUF_LEN);
        int[] delivered = {0};
        int[] lastOffset = {0};
        try {
            int end = ZbufHeader.LENGTH + held.length();
            int count = held.forEach(record -> {
                delivered[0]++;
                assertThat(record.offset()).as("seed %d", seed).isGreaterThan(lastOffset[0]);
                lastOffset[0] = record.offset();
                assertThat(record.hdrlen()).isGreaterThanOrEqualTo(26);
                assertThat(record.offset() + record.hdrlen() + record.caplen()).isLessThanOrEqualTo(end);
                assertThat(record.datalen()).isGreaterThanOrEqualTo(record.caplen());
                assertThat(record.packet().remaining()).isEqualTo(record.caplen());
                copy.clear();
                record.copyPacketTo(copy);
                if (record.caplen() > 0) {
                    record.unsignedByteAt(record.caplen() - 1);
                }
                record.timestampSeconds();
                tryEpochNanos(record);
            });
            assertThat(count).isEqualTo(delivered[0]).isLessThanOrEqualTo(BUF_LEN / 32);
        } catch (CorruptBufferException expected) {
            assertThat(expected.buffer()).isEqualTo("A");
            assertThat(expected.offset()).isBetween(0L, (long) BUF_LEN);
        } catch (RuntimeException other) {
            fail("seed " + seed + ": only CorruptBufferException may escape", other);
        }
        held.acknowledge();
    }

    private static void tryEpochNanos(BpfRecord record) {
        try {
            record.epochNanos();
        } catch (CorruptBufferException badTimestamp) {
            assertThat(badTimestamp.offset()).isEqualTo(record.offset());
        }
    }
}
