package io.zbuf.core.kernel;

/**
 * A kernel clock with ticks: {@link #tick()} reads the uptime of the clock it wraps and keeps it, and
 * {@link #lastTickUptimeNanos()} returns what the last tick read, so that {@code BPF_T_FAST} timestamps cost no
 * clock read, as FreeBSD's {@code getbinuptime()} returns the time of the last {@code hardclock()}. A kernel thread
 * ticks once per round of work, so a fast timestamp is as old as that round.
 *
 * <p>Not thread-safe: the thread that ticks is the one that stamps packets.
 */
public final class TickingKernelClock implements KernelClock {
    private final KernelClock clock;
    private long lastTickUptimeNanos;

    /** Ticks on {@code clock}, which it reads once now. */
    public TickingKernelClock(KernelClock clock) {
        this.clock = clock;
        tick();
    }

    /** Reads the clock's uptime: the time of this tick. */
    public void tick() {
        lastTickUptimeNanos = clock.uptimeNanos();
    }

    @Override
    public long lastTickUptimeNanos() {
        return lastTickUptimeNanos;
    }

    @Override
    public long wallClockNanos() {
        return clock.wallClockNanos();
    }

    @Override
    public long uptimeNanos() {
        return clock.uptimeNanos();
    }

    @Override
    public long bootTimeNanos() {
        return clock.bootTimeNanos();
    }
}
