package io.zbuf.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@link Device#saturatedNanos(Duration)}, the one static helper of the port. */
class DeviceTest {
    static Stream<Arguments> countable() {
        return Stream.of(
                arguments(Duration.ZERO, 0L),
                arguments(Duration.ofNanos(1), 1L),
                arguments(Duration.ofNanos(-1), -1L),
                arguments(Duration.ofMillis(1500), 1_500_000_000L),
                arguments(Duration.ofMillis(-1500), -1_500_000_000L),
                arguments(Duration.ofDays(365), 31_536_000_000_000_000L),
                arguments(Duration.ofNanos(Long.MAX_VALUE), Long.MAX_VALUE),
                arguments(Duration.ofNanos(Long.MIN_VALUE), Long.MIN_VALUE));
    }

    @ParameterizedTest
    @MethodSource("countable")
    void isExactForDurationsALongOfNanosecondsCanCount(Duration duration, long nanos) {
        assertThat(Device.saturatedNanos(duration)).isEqualTo(nanos);
    }

    static Stream<Duration> tooLongForward() {
        return Stream.of(
                Duration.ofNanos(Long.MAX_VALUE).plusNanos(1),
                Duration.ofDays(365L * 300),
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                ChronoUnit.FOREVER.getDuration());
    }

    @ParameterizedTest
    @MethodSource("tooLongForward")
    void saturatesAtLongMaxValueForAWaitWithoutEnd(Duration duration) {
        assertThat(Device.saturatedNanos(duration)).isEqualTo(Long.MAX_VALUE);
    }

    static Stream<Duration> tooLongBackward() {
        return Stream.of(
                Duration.ofNanos(Long.MIN_VALUE).minusNanos(1),
                Duration.ofDays(-365L * 300),
                Duration.ofSeconds(Long.MIN_VALUE),
                ChronoUnit.FOREVER.getDuration().negated());
    }

    @ParameterizedTest
    @MethodSource("tooLongBackward")
    void saturatesAtLongMinValueAsFarBelowZero(Duration duration) {
        assertThat(Device.saturatedNanos(duration)).isEqualTo(Long.MIN_VALUE);
    }
}
