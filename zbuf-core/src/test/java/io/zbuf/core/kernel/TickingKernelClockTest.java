package io.zbuf.core.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TickingKernelClockTest {
    private static final long BOOT = 1_700_000_000_000_000_000L;

    private final ManualKernelClock clock = new ManualKernelClock(BOOT).advance(1_000);

    @Test
    void aClockWithoutTicksHasItsUptimeAsTheLastTick() {
        assertThat(clock.lastTickUptimeNanos()).isEqualTo(1_000);
        clock.advance(500);
        assertThat(clock.lastTickUptimeNanos()).isEqualTo(1_500);
    }

    @Test
    void theLastTickStaysUntilTheNextWhileTheClockMoves() {
        TickingKernelClock ticking = new TickingKernelClock(clock);
        assertThat(ticking.lastTickUptimeNanos()).as("ticks once when made").isEqualTo(1_000);

        clock.advance(250);
        assertThat(ticking.lastTickUptimeNanos()).isEqualTo(1_000);
        assertThat(ticking.uptimeNanos()).isEqualTo(1_250);
        assertThat(ticking.wallClockNanos()).isEqualTo(BOOT + 1_250);
        assertThat(ticking.bootTimeNanos()).isEqualTo(BOOT);

        ticking.tick();
        assertThat(ticking.lastTickUptimeNanos()).isEqualTo(1_250);
    }
}
