package io.zbuf.core.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CurrentSecondTest {
    private static final long SECOND = 1_000_000_000L;

    private final CurrentSecond current = new CurrentSecond();

    /** Splits {@code nanos} and checks both words against the floored division. */
    private void splits(long nanos) {
        assertThat(current.nanosOfSecond(nanos)).as("nanos of %d", nanos).isEqualTo(Math.floorMod(nanos, SECOND));
        assertThat(current.second()).as("second of %d", nanos).isEqualTo(Math.floorDiv(nanos, SECOND));
    }

    @Test
    void startsAtSecondZero() {
        splits(0);
        splits(SECOND - 1);
        splits(SECOND);
        splits(SECOND - 1);
    }

    @Test
    void movesToTheSecondOfEachInstantAcrossBoundariesAndBackwards() {
        long boundary = 1_700_000_000L * SECOND;
        for (long nanos : new long[] {boundary - 1, boundary, boundary + 1, boundary + SECOND - 1, boundary + SECOND, boundary - 1, -1, -SECOND, -SECOND - 1, 0}) {
            splits(nanos);
        }
    }

    @Test
    void theExtremeInstantsSplitAsTheDivisionDoes() {
        long lastSecondStart = Math.floorDiv(Long.MAX_VALUE, SECOND) * SECOND;
        for (long nanos : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1, lastSecondStart, lastSecondStart - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            Long.MAX_VALUE, Long.MIN_VALUE, lastSecondStart}) {
            splits(nanos);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 17, 2026})
    void anySequenceOfInstantsSplitsAsTheDivisionDoes(long seed) {
        Random random = new Random(seed);
        long nanos = random.nextLong();
        for (int i = 0; i < 20_000; i++) {
            switch (random.nextInt(4)) {
                case 0:
                    nanos = random.nextLong();
                    break;
                case 1:
                    nanos -= random.nextInt(2_000_000_000);
                    break;
                default:
                    nanos += random.nextInt(1_000_000);
            }
            splits(nanos);
        }
    }
}
