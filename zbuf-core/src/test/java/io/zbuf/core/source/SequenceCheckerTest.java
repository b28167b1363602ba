package io.zbuf.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceCheckerTest {

    private static SequenceChecker check(long... sequences) {
        SequenceChecker checker = new SequenceChecker(64);
        for (long sequence : sequences) {
            checker.accept(sequence);
        }
        return checker;
    }

    @Test
    void inOrderWithoutGaps() {
        SequenceChecker checker = check(0, 1, 2, 3);
        assertThat(checker.delivered()).isEqualTo(4);
        assertThat(checker.missing()).isZero();
        assertThat(checker.missing(4)).isZero();
        assertThat(checker.missing(10)).isEqualTo(6);
        assertThat(checker.expectedNext()).isEqualTo(4);
        assertThat(checker.inOrderWithoutDuplicates()).isTrue();
        assertThat(checker).hasToString("delivered 4, missing 0, duplicates 0, out of order 0, unsequenced 0");
    }

    @Test
    void gapsAreDropsNotDisorder() {
        SequenceChecker checker = check(0, 3, 4, 9);
        assertThat(checker.delivered()).isEqualTo(4);
        assertThat(checker.missing()).isEqualTo(6);
        assertThat(checker.missing(5)).isEqualTo(6);
        assertThat(checker.inOrderWithoutDuplicates()).isTrue();
    }

    @Test
    void lateArrivalsFillGapsAndCountAsOutOfOrder() {
        SequenceChecker checker = check(0, 3, 1, 2);
        assertThat(checker.delivered()).isEqualTo(4);
        assertThat(checker.outOfOrder()).isEqualTo(2);
        assertThat(checker.duplicates()).isZero();
        assertThat(checker.missing()).isZero();
        assertThat(checker.inOrderWithoutDuplicates()).isFalse();
    }

    @Test
    void repeatsAreDuplicates() {
        SequenceChecker checker = check(0, 1, 1, 0, 2, 2);
        assertThat(checker.delivered()).isEqualTo(3);
        assertThat(checker.duplicates()).isEqualTo(3);
        assertThat(checker.outOfOrder()).isZero();
        assertThat(checker.inOrderWithoutDuplicates()).isFalse();
        assertThat(check(5, 5).duplicates()).isEqualTo(1);
    }

    @Test
    void numbersSkippedOverAreForgottenFromTheWindow() {
        SequenceChecker checker = check(0, 1, 2, 65, 2, 64);
        assertThat(checker.duplicates()).as("2 is still inside the window [2, 66) and was seen").isEqualTo(1);
        assertThat(checker.outOfOrder()).as("64 reuses the slot of 0, cleared when 65 skipped it").isEqualTo(1);
        SequenceChecker wide = check(0, 1, 2, 200, 199, 137, 136);
        assertThat(wide.outOfOrder()).as("199 and 137 are within 64 of 200, 136 is older").isEqualTo(3);
        assertThat(wide.duplicates()).isZero();
        assertThat(wide.delivered()).isEqualTo(7);
        SequenceChecker edge = check(0, 64, 0);
        assertThat(edge.outOfOrder()).as("0 is just below the window [1, 65)").isEqualTo(1);
        SequenceChecker inside = check(1, 64, 1);
        assertThat(inside.duplicates()).as("1 is inside the window below 65").isEqualTo(1);
    }

    @Test
    void slotsOfSkippedNumbersAreClearedExactly() {
        SequenceChecker checker = check(0, 1, 2, 3, 66, 67, 3, 67);
        assertThat(checker.outOfOrder()).as("3 is older than the window of 68").isEqualTo(1);
        assertThat(checker.duplicates()).isEqualTo(1);
        SequenceChecker kept = check(0, 2, 63, 64, 2);
        assertThat(kept.duplicates()).as("slot of 2 kept: only 0..1 and 3..62 were skipped").isEqualTo(1);
        SequenceChecker reused = check(3, 70, 67);
        assertThat(reused.outOfOrder()).as("67 reuses the slot of 3, cleared when 70 skipped it").isEqualTo(1);
        assertThat(reused.duplicates()).isZero();
        SequenceChecker cleared = check(0, 1, 65, 1);
        assertThat(cleared.outOfOrder()).as("1 fell out of the window [2, 66)").isEqualTo(1);
    }

    @Test
    void numbersWithoutSequenceAreCountedApart() {
        SequenceChecker checker = check(0, SequenceNumbers.NONE, 1, -5);
        assertThat(checker.unsequenced()).isEqualTo(2);
        assertThat(checker.delivered()).isEqualTo(2);
        assertThat(checker.inOrderWithoutDuplicates()).isTrue();
    }

    @Test
    void acceptsTheWholeThirtyTwoBitRange() {
        SequenceChecker checker = check(0xFFFF_FFFFL);
        assertThat(checker.expectedNext()).isEqualTo(0x1_0000_0000L);
        assertThatThrownBy(() -> checker.accept(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("sequence number 4294967296 is beyond 32 bits");
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {0, 32, 65, -64})
    void windowMustBeAMultipleOf64(int window) {
        assertThatThrownBy(() -> new SequenceChecker(window)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("window " + window + " is not a positive multiple of 64");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void conservationHoldsForRandomDrops(long seed) {
        Random random = new Random(seed);
        SequenceChecker checker = new SequenceChecker();
        long sent = 100_000;
        long dropped = 0;
        for (long sequence = 0; sequence < sent; sequence++) {
            if (random.nextInt(10) == 0) {
                dropped++;
            } else {
                checker.accept(sequence);
            }
        }
        assertThat(checker.delivered() + checker.missing(sent)).isEqualTo(sent);
        assertThat(checker.missing(sent)).isEqualTo(dropped);
        assertThat(checker.inOrderWithoutDuplicates()).isTrue();
    }

    @Test
    void defaultWindowRemembersTheLast65536Numbers() {
        SequenceChecker checker = new SequenceChecker();
        LongStream.range(0, 70_000).forEach(checker::accept);
        checker.accept(70_000 - SequenceChecker.DEFAULT_WINDOW);
        assertThat(checker.duplicates()).isEqualTo(1);
        checker.accept(70_000 - SequenceChecker.DEFAULT_WINDOW - 1);
        assertThat(checker.outOfOrder()).isEqualTo(1);
    }
}
