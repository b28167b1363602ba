package io.zbuf.core.kernel;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelClockTest {
    private static final long BOOT = 1_700_000_000_000_000_000L;

    @Test
    void manualClockStartsAtBootAndMovesOnlyWhenTold() {
        ManualKernelClock clock = new ManualKernelClock(BOOT);

        assertThat(clock.uptimeNanos()).isZero();
        assertThat(clock.wallClockNanos()).isEqualTo(BOOT);
        assertThat(clock.bootTimeNanos()).isEqualTo(BOOT);

        assertThat(clock.advance(1_500)).isSameAs(clock);
        assertThat(clock.uptimeNanos()).isEqualTo(1_500);
        assertThat(clock.wallClockNanos()).isEqualTo(BOOT + 1_500);
        assertThat(clock.uptimeNanos(10_000)).isSameAs(clock);
        assertThat(clock.uptimeNanos()).isEqualTo(10_000);
        assertThat(clock.bootTimeNanos()).isEqualTo(BOOT);
        clock.uptimeNanos(10_000);
        assertThat(clock.uptimeNanos()).isEqualTo(10_000);
    }

    @Test
    void manualClockNeverGoesBack() {
        ManualKernelClock clock = new ManualKernelClock(BOOT).advance(100);

        assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back 1 ns");
        assertThatThrownBy(() -> clock.uptimeNanos(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
        assertThat(clock.uptimeNanos()).isEqualTo(100);
    }

    @Test
    void defaultBootTimeIsWallClockMinusUptime() {
        KernelClock clock = new KernelClock() {
            @Override
            public long wallClockNanos() {
                return 5_000;
            }

            @Override
            public long uptimeNanos() {
                return 1_200;
            }
        };

        assertThat(clock.bootTimeNanos()).isEqualTo(3_800);
    }

    @Test
    void systemClockIsBootPlusUptimeAndCloseToTheSystemClock() {
        SystemKernelClock clock = SystemKernelClock.INSTANCE;
        long before = clock.uptimeNanos();
        long wall = clock.wallClockNanos();
        long after = clock.uptimeNanos();

        assertThat(before).isNotNegative();
        assertThat(after).isGreaterThanOrEqualTo(before);
        assertThat(wall - clock.bootTimeNanos()).isBetween(before, after);
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        assertThat(Math.abs(wall - nowNanos)).isLessThan(ChronoUnit.MINUTES.getDuration().toNanos());
    }

    @Test
    void systemUptimeMoves() {
        long first = SystemKernelClock.INSTANCE.uptimeNanos();
        long later = first;
        for (int i = 0; i < 10_000_000 && later == first; i++) {
            later = SystemKernelClock.INSTANCE.uptimeNanos();
        }

        assertThat(later).isGreaterThan(first);
    }
}
