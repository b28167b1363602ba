package io.zbuf.core.user;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleStrategyTest {
    private final List<String> steps = new ArrayList<>();

    private BackoffIdleStrategy backoff(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos) {
        return new BackoffIdleStrategy(maxSpins, maxYields, minParkNanos, maxParkNanos, () -> steps.add("spin"),
            () -> steps.add("yield"), nanos -> steps.add("park " + nanos));
    }

    private void idle(IdleStrategy idle, int times) {
        for (int i = 0; i < times; i++) {
            idle.idle(0);
        }
    }

    @Test
    void backoffSpinsThenYieldsThenParksWithADoublingCappedPeriod() {
        idle(backoff(2, 3, 10, 35), 9);

        assertThat(steps).containsExactly("spin", "spin", "yield", "yield", "yield", "park 10", "park 20", "park 35", "park 35");
    }

    @Test
    void workStartsTheBackoffOver() {
        BackoffIdleStrategy idle = backoff(1, 1, 5, 100);
        idle(idle, 4);

        idle.idle(1);
        idle(idle, 3);

        assertThat(steps).containsExactly("spin", "yield", "park 5", "park 10", "spin", "yield", "park 5");
    }

    @Test
    void resetStartsTheBackoffOver() {
        BackoffIdleStrategy idle = backoff(1, 1, 5, 100);
        idle(idle, 4);

        idle.reset();
        idle(idle, 3);

        assertThat(steps).containsExactly("spin", "yield", "park 5", "park 10", "spin", "yield", "park 5");
    }

    @Test
    void zeroStepsGoStraightToParking() {
        idle(backoff(0, 0, 1, 8), 5);

        assertThat(steps).containsExactly("park 1", "park 2", "park 4", "park 8", "park 8");
    }

    @Test
    void theLargestMaximumDoublesWithoutOverflow() {
        long max = BackoffIdleStrategy.MAX_PARK_NANOS;
        idle(backoff(0, 0, max >> 1, max), 3);

        assertThat(steps).containsExactly("park " + (max >> 1), "park " + ((max >> 1) << 1), "park " + max);
    }

    @Test
    void backoffDefaultsAreAgronas() {
        assertThat(BackoffIdleStrategy.DEFAULT_MAX_SPINS).isEqualTo(10);
        assertThat(BackoffIdleStrategy.DEFAULT_MAX_YIELDS).isEqualTo(5);
        assertThat(BackoffIdleStrategy.DEFAULT_MIN_PARK_NANOS).isEqualTo(1_000);
        assertThat(BackoffIdleStrategy.DEFAULT_MAX_PARK_NANOS).isEqualTo(1_000_000);
        BackoffIdleStrategy idle = new BackoffIdleStrategy();
        idle(idle, 20);
        idle.reset();
        assertThat(new BackoffIdleStrategy(0, 0, 1, 1)).isNotNull();
    }

    @Test
    void backoffRefusesNonsensicalSteps() {
        assertThatThrownBy(() -> new BackoffIdleStrategy(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("spin and yield counts cannot be negative: -1, 0");
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("park periods need 1 <= minimum <= maximum <= 2^62 nanoseconds: 0, 1");
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, 0, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, 0, 1, BackoffIdleStrategy.MAX_PARK_NANOS + 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void busySpinSpinsAndYieldingYieldsOnlyWithoutWork() {
        IdleStrategy[] strategies = {new BusySpinIdleStrategy(() -> steps.add("spin")), new YieldingIdleStrategy(() -> steps.add("yield"))};
        for (IdleStrategy idle : strategies) {
            idle.idle(1);
            idle.idle(0);
            idle.idle(-1);
            idle.reset();
            idle.idle(0);
        }

        assertThat(steps).containsExactly("spin", "spin", "spin", "yield", "yield", "yield");
        new BusySpinIdleStrategy().idle(0);
        new YieldingIdleStrategy().idle(0);
    }
}
