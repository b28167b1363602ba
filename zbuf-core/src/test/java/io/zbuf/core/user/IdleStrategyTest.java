package io.zbuf.core.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleStrategyTest {
    @Test
    void backoffSpinsThenYieldsThenParksWithADoublingCappedPeriod() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(2, 3, 10, 35);

        idle.idle(0);
        idle.idle(0);
        assertThat(idle.spins()).isEqualTo(2);
        assertThat(idle.yields()).isZero();

        idle.idle(0);
        idle.idle(0);
        idle.idle(0);
        assertThat(idle.spins()).isEqualTo(2);
        assertThat(idle.yields()).isEqualTo(3);
        assertThat(idle.parkNanos()).isEqualTo(10);

        idle.idle(0);
        assertThat(idle.parkNanos()).isEqualTo(20);
        idle.idle(0);
        assertThat(idle.parkNanos()).isEqualTo(35);
        idle.idle(0);
        assertThat(idle.parkNanos()).isEqualTo(35);
        assertThat(idle.yields()).isEqualTo(3);
    }

    @Test
    void workOrResetStartsTheBackoffOver() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(1, 1, 5, 100);
        for (int i = 0; i < 4; i++) {
            idle.idle(0);
        }
        assertThat(idle.parkNanos()).isEqualTo(20);

        idle.idle(1);

        assertThat(idle.spins()).isZero();
        assertThat(idle.yields()).isZero();
        assertThat(idle.parkNanos()).isEqualTo(5);

        idle.idle(0);
        idle.idle(0);
        idle.reset();
        assertThat(idle.spins()).isZero();
        assertThat(idle.yields()).isZero();
    }

    @Test
    void backoffDefaultsAreAgronas() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy();
        for (int i = 0; i < BackoffIdleStrategy.DEFAULT_MAX_SPINS + BackoffIdleStrategy.DEFAULT_MAX_YIELDS; i++) {
            idle.idle(0);
        }

        assertThat(idle.spins()).isEqualTo(10);
        assertThat(idle.yields()).isEqualTo(5);
        assertThat(idle.parkNanos()).isEqualTo(1_000);
        idle.idle(0);
        assertThat(idle.parkNanos()).isEqualTo(2_000);
        assertThat(BackoffIdleStrategy.DEFAULT_MAX_PARK_NANOS).isEqualTo(1_000_000);
    }

    @Test
    void backoffRefusesNonsensicalSteps() {
        assertThatThrownBy(() -> new BackoffIdleStrategy(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("spin and yield counts cannot be negative: -1, 0");
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("park periods need 1 <= minimum <= maximum nanoseconds: 0, 1");
        assertThatThrownBy(() -> new BackoffIdleStrategy(0, 0, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BackoffIdleStrategy(0, 0, 1, 1).parkNanos()).isOne();
    }

    @Test
    void zeroStepsGoStraightToParking() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(0, 0, 1, 8);

        idle.idle(0);

        assertThat(idle.parkNanos()).isEqualTo(2);
        assertThat(idle.spins()).isZero();
        assertThat(idle.yields()).isZero();
    }

    @Test
    void spinningAndYieldingStrategiesReturnAndKeepNoState() {
        IdleStrategy[] strategies = {new BusySpinIdleStrategy(), new YieldingIdleStrategy()};
        for (IdleStrategy idle : strategies) {
            for (int work = -1; work <= 1; work++) {
                idle.idle(work);
            }
            idle.reset();
            assertThat(idle).isInstanceOf(IdleStrategy.class);
        }
    }
}
