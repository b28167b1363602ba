package io.zbuf.core.pcap;

/**
 * The unit of a pcapng interface's timestamps ({@code if_tsresol}): the low seven bits are an exponent, of
 * ten when the top bit is clear ({@code 10^-n} s), of two when it is set ({@code 2^-n} s). Converts a
 * timestamp in those units to nanoseconds since the epoch.
 */
final class TimestampResolution {
    /** The pcapng default: microseconds. */
    static final TimestampResolution MICROSECONDS = new TimestampResolution(false, 6);

    private static final int BINARY_FLAG = 0x80;
    private static final int EXPONENT_MASK = 0x7F;
    private static final int NANO_EXPONENT = 9;
    /** {@code 10^18} is the largest power of ten a long holds. */
    private static final int MAX_DECIMAL_EXPONENT = 18;
    private static final int MAX_BINARY_EXPONENT = 63;
    /** Fraction bits kept when scaling a binary fraction to nanoseconds, so that the product fits a long. */
    private static final int FRACTION_BITS = 30;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final boolean binary;
    private final int exponent;
    private final long multiplier;
    private final long divisor;

    private TimestampResolution(boolean binary, int exponent) {
        this.binary = binary;
        this.exponent = exponent;
        this.multiplier = binary ? 1 : powerOfTen(Math.max(0, NANO_EXPONENT - exponent));
        this.divisor = binary ? 1 : powerOfTen(Math.max(0, exponent - NANO_EXPONENT));
    }

    /**
     * The resolution an {@code if_tsresol} byte names, or null when no long can count in it
     * ({@code 10^-19} and finer, {@code 2^-64} and finer).
     */
    static TimestampResolution of(int tsresol) {
        int exponent = tsresol & EXPONENT_MASK;
        boolean binary = (tsresol & BINARY_FLAG) != 0;
        if (exponent > (binary ? MAX_BINARY_EXPONENT : MAX_DECIMAL_EXPONENT)) {
            return null;
        }
        return new TimestampResolution(binary, exponent);
    }

    /**
     * Nanoseconds since the epoch of a timestamp of {@code units}, read as an unsigned 64-bit count;
     * sub-nanosecond parts are truncated.
     *
     * @throws ArithmeticException when the result does not fit a long
     */
    long toEpochNanos(long units) {
        if (units < 0) {
            throw new ArithmeticException("timestamp " + Long.toUnsignedString(units) + " is beyond 2^63 units");
        }
        if (binary) {
            long fraction = units & ((1L << exponent) - 1);
            int dropped = Math.max(0, exponent - FRACTION_BITS);
            long nanos = ((fraction >>> dropped) * NANOS_PER_SECOND) >>> (exponent - dropped);
            return Math.addExact(Math.multiplyExact(units >>> exponent, NANOS_PER_SECOND), nanos);
        }
        return Math.multiplyExact(units, multiplier) / divisor;
    }

    private static long powerOfTen(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
