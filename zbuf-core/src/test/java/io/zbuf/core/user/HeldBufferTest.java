package io.zbuf.core.user;

import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.core.user.ControlledRecordHandler.Action;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldBufferTest {
    private static final int BUF_LEN = 4096;
    private static final int RECORD_SPACE = BUF_LEN - ZbufHeader.LENGTH;

    private final TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
    private final ZbufConsumer consumer = new ZbufConsumer(kernel.zbuf, TimestampFormat.MICROTIME);

    private HeldBuffer hold(ZbufId id) {
        if (id == ZbufId.B) {
            kernel.handOver(ZbufId.A, 0);
            consumer.poll().acknowledge();
        }
        HeldBuffer held = consumer.poll();
        assertThat(held.id()).isEqualTo(id);
        return held;
    }

    private HeldBuffer handOverAndHold(ZbufId id) {
        kernel.handOver(id);
        return hold(id);
    }

    private static List<Integer> offsets(HeldBuffer held) {
        List<Integer> offsets = new ArrayList<>();
        held.forEach(record -> offsets.add(record.offset()));
        return offsets;
    }

    @Test
    void walksEveryRecordInOrderAtWordAlignedOffsets() {
        int first = kernel.record(ZbufId.A, TestZbufWriter.ETHERNET_HDRLEN, TestZbufWriter.packet(60, 1), 60, 1, 2);
        int second = kernel.record(ZbufId.A, 28, TestZbufWriter.packet(1, 2), 1500, 3, 4);
        int third = kernel.record(ZbufId.A, 32, TestZbufWriter.packet(7, 3), 9, 5, 6);
        HeldBuffer held = handOverAndHold(ZbufId.A);
        List<String> seen = new ArrayList<>();

        int count = held.forEach(record -> seen.add(record.offset() + ":" + record.hdrlen() + ":" + record.caplen() + ":"
            + record.datalen() + ":" + record.timestampSeconds() + ":" + record.timestampFraction()));

        assertThat(first).isEqualTo(ZbufHeader.LENGTH);
        assertThat(second).isEqualTo(first + BpfAlignment.wordAlign(26 + 60));
        assertThat(third).isEqualTo(second + BpfAlignment.wordAlign(28 + 1));
        assertThat(count).isEqualTo(3);
        assertThat(seen).containsExactly(first + ":26:60:60:1:2", second + ":28:1:1500:3:4", third + ":32:7:9:5:6");
        assertThat(held.length()).isEqualTo(third + 32 + 7 - ZbufHeader.LENGTH);
    }

    @Test
    void anEmptyBufferHasNoRecords() {
        HeldBuffer held = handOverAndHold(ZbufId.A);

        assertThat(held.length()).isZero();
        assertThat(held.forEach(record -> {
            throw new AssertionError("no record expected");
        })).isZero();
    }

    @Test
    void aWalkMovesTheCursorPastTheLastRecordAndRewindWalksAgainUntilAcknowledged() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.record(ZbufId.A, TestZbufWriter.packet(20, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);
        assertThat(held.hasRemaining()).isTrue();

        assertThat(offsets(held)).containsExactly(32, 72);
        assertThat(held.hasRemaining()).isFalse();
        assertThat(offsets(held)).as("nothing is left to walk").isEmpty();
        held.rewind();
        assertThat(held.hasRemaining()).isTrue();
        assertThat(offsets(held)).containsExactly(32, 72);
    }

    @Test
    void anEmptyBufferHasNothingRemaining() {
        assertThat(handOverAndHold(ZbufId.A).hasRemaining()).isFalse();
    }

    @Test
    void theCursorStartsAtTheFirstRecordOnEveryHandOver() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);
        assertThat(offsets(held)).containsExactly(32);
        held.acknowledge();
        kernel.handOver(ZbufId.B, 0);
        consumer.poll().acknowledge();
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 2));
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 3));
        kernel.handOver(ZbufId.A);

        assertThat(consumer.poll()).isSameAs(held);
        assertThat(offsets(held)).containsExactly(32, 72);
    }

    @Test
    void controlledWalkContinuesBreaksAfterAndAbortsAtARecord() {
        for (int i = 0; i < 5; i++) {
            kernel.record(ZbufId.A, TestZbufWriter.packet(10, i));
        }
        HeldBuffer held = handOverAndHold(ZbufId.A);
        List<Integer> seen = new ArrayList<>();

        assertThat(held.controlledForEach(record -> {
            seen.add(record.offset());
            return seen.size() == 2 ? Action.BREAK : Action.CONTINUE;
        })).as("both consumed").isEqualTo(2);
        assertThat(held.controlledForEach(record -> {
            seen.add(record.offset());
            return Action.ABORT;
        })).as("none consumed").isZero();
        assertThat(held.controlledForEach(record -> {
            seen.add(record.offset());
            return seen.size() == 4 ? Action.CONTINUE : Action.ABORT;
        })).isOne();
        assertThat(held.hasRemaining()).isTrue();
        assertThat(held.controlledForEach(record -> {
            seen.add(record.offset());
            return Action.CONTINUE;
        })).isEqualTo(2);

        assertThat(seen).containsExactly(32, 72, 112, 112, 152, 152, 192);
        assertThat(held.hasRemaining()).isFalse();
    }

    @Test
    void breakingAtTheLastRecordLeavesNothing() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);

        assertThat(held.controlledForEach(record -> Action.BREAK)).isOne();
        assertThat(held.hasRemaining()).isFalse();
    }

    @Test
    void aNullActionFailsAfterConsumingTheRecord() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 2));
        HeldBuffer held = handOverAndHold(ZbufId.A);

        assertThatThrownBy(() -> held.controlledForEach(record -> null)).isInstanceOf(NullPointerException.class);
        assertThat(offsets(held)).containsExactly(72);
    }

    @Test
    void nullHandlersAreRefused() {
        HeldBuffer held = handOverAndHold(ZbufId.A);

        assertThatThrownBy(() -> held.forEach(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> held.controlledForEach(null)).isInstanceOf(NullPointerException.class);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    /** Random continues, breaks, aborts and throws: every record is consumed exactly once, in order. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void walksThatStopAtRandomStillDeliverEveryRecordOnceInOrder(long seed) {
        Random random = new Random(seed);
        int records = 1 + random.nextInt(40);
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            written.add(kernel.record(ZbufId.A, TestZbufWriter.packet(random.nextInt(60), i)));
        }
        HeldBuffer held = handOverAndHold(ZbufId.A);
        List<Integer> consumed = new ArrayList<>();
        int walks = 0;
        while (held.hasRemaining()) {
            assertThat(walks++).as("seed %d: walks", seed).isLessThan(20 * records);
            try {
                if (random.nextBoolean()) {
                    held.forEach(record -> {
                        consumed.add(record.offset());
                        if (random.nextInt(4) == 0) {
                            throw new IllegalStateException("handler failed");
                        }
                    });
                } else {
                    held.controlledForEach(record -> {
                        Action action = Action.values()[random.nextInt(3)];
                        if (action != Action.ABORT) {
                            consumed.add(record.offset());
                        }
                        return action;
                    });
                }
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessage("handler failed");
            }
        }

        assertThat(consumed).as("seed %d", seed).isEqualTo(written);
    }

    @Test
    void recordsMayFillTheRecordSpaceExactly() {
        kernel.record(ZbufId.A, TestZbufWriter.ETHERNET_HDRLEN, TestZbufWriter.packet(RECORD_SPACE - 26, 1), RECORD_SPACE, 0, 0);
        HeldBuffer held = handOverAndHold(ZbufId.A);

        assertThat(held.length()).isEqualTo(RECORD_SPACE);
        assertThat(held.forEach(record -> assertThat(record.caplen()).isEqualTo(RECORD_SPACE - 26))).isOne();
    }

    @ParameterizedTest(name = "buffer {0}")
    @EnumSource(ZbufId.class)
    void aKernelLenBeyondTheRecordSpaceIsCorruptionAtOffset4(ZbufId id) {
        kernel.handOver(id, RECORD_SPACE + 1);
        HeldBuffer held = hold(id);

        assertCorrupt(held::length, id, ZbufHeader.KERNEL_LEN_OFFSET, "bzh_kernel_len 4065 exceeds the 4064 bytes");
        assertCorrupt(() -> held.forEach(record -> { }), id, 4, "bzh_kernel_len");
    }

    @Test
    void aNegativeKernelLenIsCorruptionReportedUnsigned() {
        kernel.handOver(ZbufId.A, -1);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(held::length, ZbufId.A, 4, "bzh_kernel_len 4294967295 exceeds");
    }

    @Test
    void aKernelLenOfTheWholeRecordSpaceIsAccepted() {
        kernel.handOver(ZbufId.A, RECORD_SPACE);

        assertThat(hold(ZbufId.A).length()).isEqualTo(RECORD_SPACE);
    }

    @Test
    void aRecordHeaderRunningPastTheEndIsCorruption() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(6, 1));
        kernel.handOver(ZbufId.A, 64 + 25 - 32);
        HeldBuffer held = hold(ZbufId.A);
        List<Integer> delivered = new ArrayList<>();

        assertCorrupt(() -> held.forEach(record -> delivered.add(record.offset())), ZbufId.A, 64,
            "the 26-byte record header runs past the end of the records at offset " + (64 + 25));
        assertThat(delivered).containsExactly(32);
    }

    @Test
    void aRecordHeaderEndingExactlyAtTheEndIsRead() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(6, 1));
        kernel.record(ZbufId.A, TestZbufWriter.packet(0, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);

        assertThat(offsets(held)).containsExactly(32, 64);
        assertThat(held.length()).isEqualTo(32 + 26);
    }

    @Test
    void aHeaderLengthBelow26IsCorruptionAndExactly26IsNot() {
        kernel.record(ZbufId.B, 26, TestZbufWriter.packet(8, 1), 8, 0, 0);
        int bad = kernel.record(ZbufId.B, 25, TestZbufWriter.packet(0, 1), 8, 0, 0);
        kernel.record(ZbufId.B, TestZbufWriter.packet(8, 1));
        kernel.handOver(ZbufId.B);
        HeldBuffer held = hold(ZbufId.B);

        assertThat(bad).isEqualTo(72);
        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.B, bad, "bh_hdrlen 25 is below the 26 bytes");
    }

    @Test
    void aZeroHeaderLengthIsCorruptionNotAnEndlessLoop() {
        kernel.handOver(ZbufId.A, 100);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, 32, "bh_hdrlen 0 is below");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bh_caplen above the buffer size    | 16 | 4065  | 0    | bh_caplen 4065 exceeds the buffer size of 4064 bytes",
        "bh_caplen of the whole buffer size | 16 | 4064  | 4064 | bh_hdrlen 26 + bh_caplen 4064 runs past the end",
        "bh_caplen negative as an int       | 16 | -16   | 0    | bh_caplen 4294967280 exceeds",
        "bh_hdrlen of 65535                 | 24 | 65535 | 0    | bh_hdrlen 65535 + bh_caplen 10 runs past",
    })
    void aCorruptFieldOfTheFirstRecordIsReportedAtTheRecordsOffset(String name, int field, int value, int kernelLen,
                                                                   String problem) {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        if (field == BpfRecordHeader.HDRLEN_OFFSET) {
            kernel.putShort(ZbufId.A, 32 + field, value);
        } else {
            kernel.putInt(ZbufId.A, 32 + field, value);
        }
        int length = kernel.handOver(ZbufId.A);
        kernel.handOver(ZbufId.A, kernelLen == 0 ? length : kernelLen);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, 32, problem);
    }

    @Test
    void aPacketRunningOneBytePastTheEndIsCorruptionAndEndingAtItIsNot() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        int second = kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        int end = kernel.handOver(ZbufId.A);
        kernel.handOver(ZbufId.A, end - 1);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, second, "bh_hdrlen 26 + bh_caplen 10 runs past the end of the"
            + " records at offset " + (32 + end - 1));
    }

    @Test
    void aHugeHeaderLengthIsCorruption() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.putShort(ZbufId.A, 32 + BpfRecordHeader.HDRLEN_OFFSET, 0xFFFF);
        kernel.handOver(ZbufId.A);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, 32, "bh_hdrlen 65535 + bh_caplen 10 runs past");
    }

    @Test
    void aWireLengthBelowTheCaptureLengthIsCorruptionAndEqualIsNot() {
        kernel.record(ZbufId.A, TestZbufWriter.ETHERNET_HDRLEN, TestZbufWriter.packet(10, 1), 10, 0, 0);
        int bad = kernel.record(ZbufId.A, TestZbufWriter.ETHERNET_HDRLEN, TestZbufWriter.packet(10, 1), 9, 0, 0);
        kernel.handOver(ZbufId.A);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, bad, "bh_datalen 9 is less than bh_caplen 10");
    }

    @Test
    void aCorruptKernelLenWrittenAfterTheHandOverIsNotSeen() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);
        int length = held.length();

        kernel.handOver(ZbufId.A, 1 << 30);

        assertThat(held.length()).isEqualTo(length);
        assertThat(held.forEach(record -> { })).isOne();
    }

    @Test
    void everyUseAfterAcknowledgeFailsLoudly() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);
        held.acknowledge();

        assertThat(held.id()).isEqualTo(ZbufId.A);
        assertThatThrownBy(held::length).isInstanceOf(StaleBufferException.class)
            .hasMessage("buffer A was used after it was acknowledged; the kernel may be writing into it again");
        assertThatThrownBy(() -> held.forEach(record -> { })).isInstanceOf(StaleBufferException.class);
        assertThatThrownBy(held::acknowledge).isInstanceOf(StaleBufferException.class);
        assertThat(kernel.userGen(ZbufId.A)).isOne();
    }

    @ParameterizedTest(name = "reads the record after acknowledging: {0}")
    @CsvSource({"true, a record of buffer A was used after", "false, buffer A was used after it was acknowledged"})
    void aHandlerThatAcknowledgesMidWalkStopsTheWalk(boolean readAfterAcknowledge, String message) {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> held.forEach(record -> {
            seen.add(record.offset());
            held.acknowledge();
            if (readAfterAcknowledge) {
                record.caplen();
            }
        })).isInstanceOf(StaleBufferException.class).hasMessageContaining(message);
        assertThat(seen).containsExactly(32);
        assertThat(consumer.expected()).isEqualTo(ZbufId.B);
    }

    @Test
    void aHandlerExceptionPropagatesAndTheNextWalkResumesAfterTheRecord() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        HeldBuffer held = handOverAndHold(ZbufId.A);
        BpfRecord[] kept = new BpfRecord[1];

        assertThatThrownBy(() -> held.forEach(record -> {
            kept[0] = record;
            throw new IllegalStateException("handler failed");
        })).hasMessage("handler failed");

        assertThatThrownBy(kept[0]::caplen).isInstanceOf(StaleBufferException.class);
        assertThat(consumer.poll()).isSameAs(held);
        assertThat(held.hasRemaining()).isTrue();
        assertThat(offsets(held)).containsExactly(72);
    }

    @Test
    void aCorruptRecordEndsTheWalkForGoodUntilRewound() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        int bad = kernel.record(ZbufId.A, 25, TestZbufWriter.packet(0, 1), 4, 0, 0);
        kernel.handOver(ZbufId.A);
        HeldBuffer held = hold(ZbufId.A);
        List<Integer> seen = new ArrayList<>();

        assertCorrupt(() -> held.forEach(record -> seen.add(record.offset())), ZbufId.A, bad, "record header runs past the end");
        assertThat(held.hasRemaining()).isFalse();
        assertThat(held.forEach(record -> seen.add(record.offset()))).isZero();
        assertThat(held.controlledForEach(record -> Action.CONTINUE)).isZero();
        held.rewind();
        assertCorrupt(() -> held.controlledForEach(record -> {
            seen.add(record.offset());
            return Action.CONTINUE;
        }), ZbufId.A, bad, "record header runs past the end");
        assertThat(seen).containsExactly(32, 32);
    }

    @Test
    void aCorruptKernelLenLeavesNothingRemainingOnceAWalkFoundIt() {
        kernel.handOver(ZbufId.A, RECORD_SPACE + 8);
        HeldBuffer held = hold(ZbufId.A);

        assertCorrupt(held::hasRemaining, ZbufId.A, 4, "bzh_kernel_len");
        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, 4, "bzh_kernel_len");
        assertThat(held.hasRemaining()).isFalse();
        assertThat(held.forEach(record -> { })).isZero();
    }

    @Test
    void theCursorMethodsOfAnAcknowledgedBufferFailLoudly() {
        HeldBuffer held = handOverAndHold(ZbufId.A);
        held.acknowledge();

        assertThatThrownBy(held::hasRemaining).isInstanceOf(StaleBufferException.class);
        assertThatThrownBy(held::rewind).isInstanceOf(StaleBufferException.class);
        assertThatThrownBy(() -> held.controlledForEach(record -> Action.CONTINUE)).isInstanceOf(StaleBufferException.class);
    }

    @Test
    void anUnframeableBufferAcknowledgedFailsLoudlyToo() {
        kernel.handOver(ZbufId.A, -1);
        HeldBuffer held = hold(ZbufId.A);
        assertCorrupt(() -> held.forEach(record -> { }), ZbufId.A, 4, "bzh_kernel_len");
        held.acknowledge();

        assertThatThrownBy(() -> held.forEach(record -> { })).isInstanceOf(StaleBufferException.class);
        assertThatThrownBy(held::hasRemaining).isInstanceOf(StaleBufferException.class);
    }

    static void assertCorrupt(Runnable action, ZbufId id, long offset, String problem) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(CorruptBufferException.class, e -> {
            assertThat(e.buffer()).isEqualTo(id.name());
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.getMessage()).startsWith("corrupt zero-copy buffer " + id + " at offset " + offset + ": ")
                .contains(problem);
        });
    }
}
