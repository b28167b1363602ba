package io.zbuf.core.kernel;

/**
 * The whole second of the last timestamp split, so that the timestamps that follow within the same second are
 * split into seconds and nanoseconds by a subtraction instead of a division: a kernel stamping millions of
 * records a second divides once a second. Any instant may come next (a packet's own timestamp, a clock read);
 * one outside the current second moves it there. Not thread-safe.
 */
final class CurrentSecond {
    /** The current second, floored. */
    private long second;
    /**
     * Its first instant, {@code second * 10^9}, modulo 2^64: the one second whose start lies before
     * {@link Long#MIN_VALUE} wraps, and subtracting it still gives the nanoseconds into the second.
     */
    private long start;
    /** The first and last instants of the second that a {@code long} holds: {@code [first, last]}. */
    private long first;
    private long last = TimestampEncoding.NANOS_PER_SECOND - 1;

    /** Moves to the second holding {@code nanos} and returns the nanoseconds into it, {@code [0, 10^9)}. */
    int nanosOfSecond(long nanos) {
        if (nanos < first || nanos > last) {
            int nanosOfSecond = (int) Math.floorMod(nanos, TimestampEncoding.NANOS_PER_SECOND);
            second = Math.floorDiv(nanos, TimestampEncoding.NANOS_PER_SECOND);
            start = nanos - nanosOfSecond;
            first = start > nanos ? Long.MIN_VALUE : start;
            last = nanos + (TimestampEncoding.NANOS_PER_SECOND - 1 - nanosOfSecond);
            if (last < nanos) {
                last = Long.MAX_VALUE;
            }
        }
        return (int) (nanos - start);
    }

    /** The second of the last {@link #nanosOfSecond} call: word 0 of its timestamp. */
    long second() {
        return second;
    }
}
