package io.zbuf.core.user;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Backs off in three steps while idle: spins a number of times, then yields a number of times, then parks for a
 * period that doubles from a minimum up to a maximum. Any work starts over with spinning.
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    /** Spins before yielding, by default. */
    public static final int DEFAULT_MAX_SPINS = 10;
    /** Yields before parking, by default. */
    public static final int DEFAULT_MAX_YIELDS = 5;
    /** First park period, by default: 1 microsecond. */
    public static final long DEFAULT_MIN_PARK_NANOS = 1_000L;
    /** Longest park period, by default: 1 millisecond. */
    public static final long DEFAULT_MAX_PARK_NANOS = 1_000_000L;
    /** Longest park period accepted: doubling it cannot overflow. */
    public static final long MAX_PARK_NANOS = Long.MAX_VALUE >> 1;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private final Runnable spin;
    private final Runnable yield;
    private final LongConsumer park;
    private int spins;
    private int yields;
    private long parkNanos;

    /** A strategy with the default steps. */
    public BackoffIdleStrategy() {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * A strategy with the given steps.
     *
     * @throws IllegalArgumentException for negative counts, a minimum park period below 1 ns, a maximum below the
     *                                  minimum or above {@link #MAX_PARK_NANOS}
     */
    public BackoffIdleStrategy(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos) {
        this(maxSpins, maxYields, minParkNanos, maxParkNanos, Thread::onSpinWait, Thread::yield, LockSupport::parkNanos);
    }

    BackoffIdleStrategy(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos, Runnable spin, Runnable yield,
                        LongConsumer park) {
        if (maxSpins < 0 || maxYields < 0) {
            throw new IllegalArgumentException("spin and yield counts cannot be negative: " + maxSpins + ", " + maxYields);
        }
        if (minParkNanos < 1 || maxParkNanos < minParkNanos || maxParkNanos > MAX_PARK_NANOS) {
            throw new IllegalArgumentException("park periods need 1 <= minimum <= maximum <= 2^62 nanoseconds: " + minParkNanos
                + ", " + maxParkNanos);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.spin = spin;
        this.yield = yield;
        this.park = park;
        reset();
    }

    /** Resets on work; otherwise takes the next step of the back-off. */
    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else if (spins < maxSpins) {
            spins++;
            spin.run();
        } else if (yields < maxYields) {
            yields++;
            yield.run();
        } else {
            park.accept(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    /** Back to spinning, with the minimum park period. */
    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }
}
