package io.zbuf.core.kernel;

import org.junit.jupiter.api.Test;

import static io.zbuf.core.kernel.ReadTimeout.State.IDLE;
import static io.zbuf.core.kernel.ReadTimeout.State.TIMED_OUT;
import static io.zbuf.core.kernel.ReadTimeout.State.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

class ReadTimeoutTest {
    private final ReadTimeout timeout = new ReadTimeout();

    @Test
    void withoutATimeoutNothingIsArmed() {
        assertThat(timeout.arm(0)).isZero();
        assertThat(timeout.state()).isEqualTo(IDLE);
    }

    @Test
    void armsOnceThenTimesOutAtTheDeadline() {
        timeout.timeoutNanos(1_000);

        assertThat(timeout.arm(50)).isEqualTo(1_000);
        assertThat(timeout.state()).isEqualTo(WAITING);
        assertThat(timeout.arm(60)).as("a timer already runs").isZero();
        timeout.fired(1_049);
        assertThat(timeout.state()).as("before the deadline").isEqualTo(WAITING);
        timeout.fired(1_050);
        assertThat(timeout.state()).isEqualTo(TIMED_OUT);
        assertThat(timeout.timedOut()).isTrue();
        assertThat(timeout.arm(2_000)).as("no new timer while timed out").isZero();
    }

    @Test
    void aTimeoutTooLongToReachNeverFiresThoughItsDeadlineOverflows() {
        timeout.timeoutNanos(Long.MAX_VALUE);

        assertThat(timeout.arm(1_000)).isEqualTo(Long.MAX_VALUE);
        timeout.fired(1_000_000_000_000L);
        assertThat(timeout.state()).as("1000 s later: still waiting").isEqualTo(WAITING);
        timeout.fired(Long.MAX_VALUE);
        assertThat(timeout.state()).as("just before the deadline, which wrapped").isEqualTo(WAITING);
        timeout.fired(Long.MIN_VALUE + 999);
        assertThat(timeout.state()).as("at the deadline, counted by difference").isEqualTo(TIMED_OUT);
    }

    @Test
    void aWakeupStopsAWaitingTimerButNotATimeout() {
        timeout.timeoutNanos(1_000);
        timeout.arm(0);

        timeout.wakeup();
        assertThat(timeout.state()).isEqualTo(IDLE);
        timeout.fired(5_000);
        assertThat(timeout.state()).as("the stopped timer fires late").isEqualTo(IDLE);

        timeout.arm(5_000);
        timeout.fired(6_000);
        timeout.wakeup();
        assertThat(timeout.state()).isEqualTo(TIMED_OUT);
    }

    @Test
    void aSupersededTimerIsIgnored() {
        timeout.timeoutNanos(1_000);
        timeout.arm(0);
        timeout.wakeup();
        timeout.arm(500);

        timeout.fired(1_000);
        assertThat(timeout.state()).isEqualTo(WAITING);
        timeout.fired(1_500);
        assertThat(timeout.state()).isEqualTo(TIMED_OUT);
    }

    @Test
    void cancelReturnsToIdleFromAnyState() {
        timeout.timeoutNanos(10);
        timeout.arm(0);
        timeout.cancel();
        assertThat(timeout.state()).isEqualTo(IDLE);
        timeout.arm(0);
        timeout.fired(10);
        timeout.cancel();
        assertThat(timeout.state()).isEqualTo(IDLE);
        assertThat(timeout.timedOut()).isFalse();
    }
}
