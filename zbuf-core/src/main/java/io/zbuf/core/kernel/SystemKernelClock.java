package io.zbuf.core.kernel;

import java.time.Instant;

/**
 * The real clock: uptime from {@link System#nanoTime()} counted from when this class was loaded ("boot"),
 * wall-clock time as the boot instant plus uptime, as FreeBSD's {@code microtime()} is {@code boottime} plus
 * {@code binuptime()}.
 *
 * <p>Neither read allocates. The boot instant is read once, so a later step of the system clock (NTP, an
 * administrator) does not show up here; like a kernel clock, it moves smoothly. Thread-safe.
 */
public final class SystemKernelClock implements KernelClock {
    /** The one instance. */
    public static final SystemKernelClock INSTANCE = new SystemKernelClock();

    private final long bootNanoTime;
    private final long bootEpochNanos;

    private SystemKernelClock() {
        bootNanoTime = System.nanoTime();
        Instant now = Instant.now();
        bootEpochNanos = now.getEpochSecond() * TimestampEncoding.NANOS_PER_SECOND + now.getNano();
    }

    @Override
    public long wallClockNanos() {
        return bootEpochNanos + uptimeNanos();
    }

    @Override
    public long uptimeNanos() {
        return System.nanoTime() - bootNanoTime;
    }

    @Override
    public long bootTimeNanos() {
        return bootEpochNanos;
    }
}
