package io.zbuf.core.kernel;

/**
 * A deterministic clock for tests: boot happened at a fixed wall-clock instant, and uptime
 * moves only when told to ({@link #advance(long)}, {@link #uptimeNanos(long)}), never backwards.
 *
 * <p>Thread-safe: one thread may move it while the kernel thread reads it.
 */
public final class ManualKernelClock implements KernelClock {
    private final long bootEpochNanos;
    private volatile long uptimeNanos;

    /** A clock that booted at {@code bootEpochNanos} (nanoseconds since the epoch) and reads uptime 0. */
    public ManualKernelClock(long bootEpochNanos) {
        this.bootEpochNanos = bootEpochNanos;
    }

    @Override
    public long wallClockNanos() {
        return bootEpochNanos + uptimeNanos;
    }

    @Override
    public long uptimeNanos() {
        return uptimeNanos;
    }

    @Override
    public long bootTimeNanos() {
        return bootEpochNanos;
    }

    /**
     * Moves uptime forward by {@code nanos}.
     *
     * @throws IllegalArgumentException for a negative step: a monotonic clock never goes back
     */
    public synchronized ManualKernelClock advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back " + -nanos + " ns");
        }
        uptimeNanos = Math.addExact(uptimeNanos, nanos);
        return this;
    }

    /**
     * Sets uptime to {@code nanos}.
     *
     * @throws IllegalArgumentException if that is before the current uptime
     */
    public synchronized ManualKernelClock uptimeNanos(long nanos) {
        return advance(Math.subtractExact(nanos, uptimeNanos));
    }
}
