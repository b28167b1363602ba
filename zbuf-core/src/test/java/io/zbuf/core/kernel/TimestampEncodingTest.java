package io.zbuf.core.kernel;

import io.zbuf.spi.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Random;

import static io.zbuf.spi.TimestampFormat.BINTIME;
import static io.zbuf.spi.TimestampFormat.MICROTIME;
import static io.zbuf.spi.TimestampFormat.NANOTIME;
import static io.zbuf.spi.TimestampFormat.NONE;
import static org.assertj.core.api.Assertions.assertThat;

class TimestampEncodingTest {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    @Test
    void splitsSecondsFromTheFractionInEachUnit() {
        long nanos = 1_700_000_123_456_789_012L;

        assertThat(TimestampEncoding.seconds(nanos, MICROTIME)).isEqualTo(1_700_000_123L);
        assertThat(TimestampEncoding.fraction(nanos, MICROTIME)).isEqualTo(456_789L);
        assertThat(TimestampEncoding.seconds(nanos, NANOTIME)).isEqualTo(1_700_000_123L);
        assertThat(TimestampEncoding.fraction(nanos, NANOTIME)).isEqualTo(456_789_012L);
        assertThat(TimestampEncoding.seconds(nanos, BINTIME)).isEqualTo(1_700_000_123L);
    }

    @Test
    void noneIsAllZero() {
        assertThat(TimestampEncoding.seconds(1_234_567_890_123L, NONE)).isZero();
        assertThat(TimestampEncoding.fraction(1_234_567_890_123L, NONE)).isZero();
    }

    @Test
    void halfASecondIsTwoToTheSixtyThreeInBintime() {
        assertThat(TimestampEncoding.fraction(500_000_000L, BINTIME)).isEqualTo(Long.MIN_VALUE);
        assertThat(TimestampEncoding.fraction(0, BINTIME)).isZero();
    }

    @Test
    void floorsBeforeTheEpochSoTheFractionIsNeverNegative() {
        assertThat(TimestampEncoding.seconds(-1, NANOTIME)).isEqualTo(-1);
        assertThat(TimestampEncoding.fraction(-1, NANOTIME)).isEqualTo(999_999_999L);
        assertThat(TimestampEncoding.fraction(-1, MICROTIME)).isEqualTo(999_999L);
        assertThat(TimestampEncoding.seconds(-1_500_000_000L, MICROTIME)).isEqualTo(-2);
        assertThat(TimestampEncoding.fraction(-1_500_000_000L, MICROTIME)).isEqualTo(500_000L);
        assertThat(TimestampEncoding.fraction(-1_500_000_000L, BINTIME)).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 99})
    void bintimeIsTheExactFloorOfNanosTimesTwoToTheSixtyFourOverOneBillion(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long nanos = i < 2 ? 999_999_999L * i : random.nextLong();
            long nanosOfSecond = Math.floorMod(nanos, 1_000_000_000L);
            BigInteger exact = BigInteger.valueOf(nanosOfSecond).multiply(TWO_TO_64).divide(BILLION);

            assertThat(Long.toUnsignedString(TimestampEncoding.fraction(nanos, BINTIME))).as("nanos %d", nanos).isEqualTo(exact.toString());
            assertThat(TimestampEncoding.seconds(nanos, BINTIME)).isEqualTo(Math.floorDiv(nanos, 1_000_000_000L));
        }
    }

    @Test
    void microsIsTheFlooredQuotientOnBothSidesOfEveryMicrosecond() {
        // micros is monotonic, so being right at the first and last nanosecond of every microsecond makes it right everywhere
        for (int micro = 0; micro < 1_000_000; micro++) {
            assertThat(TimestampEncoding.micros(micro * 1000)).isEqualTo(micro);
            assertThat(TimestampEncoding.micros(micro * 1000 + 999)).isEqualTo(micro);
        }
    }

    @Test
    void theFractionOfASecondIsTheFractionOfAnInstantInThatSecond() {
        for (TimestampFormat format : TimestampFormat.values()) {
            assertThat(TimestampEncoding.fractionOfSecond(456_789_012, format)).as("%s", format)
                .isEqualTo(TimestampEncoding.fraction(1_700_000_123_456_789_012L, format));
        }
        assertThat(TimestampEncoding.fractionOfSecond(999_999_999, TimestampFormat.MICROTIME)).isEqualTo(999_999L);
    }

    @Test
    void everyFormatIsCovered() {
        for (TimestampFormat format : TimestampFormat.values()) {
            assertThat(TimestampEncoding.fraction(0, format)).isZero();
        }
    }
}
