package io.zbuf.core.kernel;

import io.zbuf.spi.TimestampFormat;

/**
 * The two 64-bit timestamp words of a record header for an instant in nanoseconds, per {@link TimestampFormat}:
 * seconds, then microseconds ({@code MICROTIME}), nanoseconds ({@code NANOTIME}) or a binary fraction of a
 * second in units of 2^-64 ({@code BINTIME}); {@code NONE} leaves both zero.
 *
 * <p>Seconds are floored, so the fraction is never negative, also before the epoch or before boot. The
 * {@code BINTIME} fraction is exact: {@code floor(nanos * 2^64 / 10^9)}, where FreeBSD's
 * {@code timespec2bintime} multiplies by the truncated 18446744073. Microseconds take a multiplication and a
 * shift, no division; {@link CurrentSecond} spares the kernel the division into seconds for all but the first
 * timestamp of each second.
 */
public final class TimestampEncoding {
    /** Nanoseconds in a second. */
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Nanoseconds in a microsecond. */
    public static final long NANOS_PER_MICRO = 1_000L;
    /** {@code floor(2^64 / 10^9)}: the whole part of one nanosecond in units of 2^-64 s. */
    private static final long BINTIME_PER_NANO = 18_446_744_073L;
    /** {@code 2^64 mod 10^9}: what the whole part leaves over, in units of 2^-64 / 10^9 s. */
    private static final long BINTIME_PER_NANO_REMAINDER = 709_551_616L;
    /** {@code ceil(2^40 / 1000)}: see {@link #micros(int)}. */
    private static final long MICROS_RECIPROCAL = 1_099_511_628L;
    private static final int MICROS_SHIFT = 40;

    private TimestampEncoding() {
    }

    /** Word 0: whole seconds, floored; 0 for {@code NONE}. */
    public static long seconds(long nanos, TimestampFormat format) {
        return format == TimestampFormat.NONE ? 0 : Math.floorDiv(nanos, NANOS_PER_SECOND);
    }

    /** Word 1: the part of a second, never negative, in the unit of the format; 0 for {@code NONE}. */
    public static long fraction(long nanos, TimestampFormat format) {
        return fractionOfSecond((int) Math.floorMod(nanos, NANOS_PER_SECOND), format);
    }

    /**
     * Word 1 for the nanoseconds into a second, {@code [0, 10^9)}: the part of a second in the unit of the format;
     * 0 for {@code NONE}.
     */
    public static long fractionOfSecond(int nanosOfSecond, TimestampFormat format) {
        switch (format) {
            case MICROTIME:
                return micros(nanosOfSecond);
            case NANOTIME:
                return nanosOfSecond;
            case BINTIME:
                return nanosOfSecond * BINTIME_PER_NANO + nanosOfSecond * BINTIME_PER_NANO_REMAINDER / NANOS_PER_SECOND;
            default:
                return 0;
        }
    }

    /**
     * {@code nanosOfSecond / 1000} for {@code [0, 10^9)}, by a multiplication and a shift: with
     * {@code M = ceil(2^40 / 1000)}, {@code M * 1000 = 2^40 + 224}, so {@code x * M / 2^40} exceeds {@code x / 1000}
     * by {@code x * 224 / (1000 * 2^40)}, less than {@code 1 / 1000} for every {@code x < 4.9 * 10^9}: never enough
     * to reach the next whole microsecond.
     */
    static long micros(int nanosOfSecond) {
        return nanosOfSecond * MICROS_RECIPROCAL >>> MICROS_SHIFT;
    }
}
