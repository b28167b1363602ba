package io.zbuf.core.kernel;

/**
 * The clocks a simulated kernel stamps packets with: wall-clock time and time since boot, both in nanoseconds.
 *
 * <p>As in FreeBSD, wall-clock time is boot time plus uptime: {@link #bootTimeNanos()} is what
 * {@code getboottimebin()} returns and what {@code BPF_T_MONOTONIC} timestamps are measured from.
 */
public interface KernelClock {
    /** Wall-clock time: nanoseconds since 1970-01-01T00:00:00Z. */
    long wallClockNanos();

    /** Time since boot: nanoseconds, monotonic, never negative. */
    long uptimeNanos();

    /** The wall-clock time of boot: {@link #wallClockNanos()} minus {@link #uptimeNanos()}. */
    default long bootTimeNanos() {
        return wallClockNanos() - uptimeNanos();
    }

    /**
     * Time since boot as of the kernel's last tick, for {@code BPF_T_FAST} timestamps (FreeBSD's
     * {@code getbinuptime()}): no clock read, as old as the last tick. A clock that does not tick reads
     * {@link #uptimeNanos()}; {@link TickingKernelClock} ticks.
     */
    default long lastTickUptimeNanos() {
        return uptimeNanos();
    }
}
