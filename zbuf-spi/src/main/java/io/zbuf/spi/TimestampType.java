package io.zbuf.spi;

/**
 * The timestamp type of a descriptor (BIOCGTSTAMP / BIOCSTSTAMP): a {@link TimestampFormat} and two flags.
 *
 * <p>Encoded as FreeBSD does: format in bits 0-1, {@code BPF_T_FAST} 0x100, {@code BPF_T_MONOTONIC} 0x200.
 * {@link TimestampFormat#NONE} takes no flag.
 *
 * @param format    the layout of the 16 timestamp bytes
 * @param monotonic time since boot instead of wall-clock time
 * @param fast      a cheaper, less precise timestamp: the time of the kernel's last tick, not a clock read
 */
public record TimestampType(TimestampFormat format, boolean monotonic, boolean fast) {
    /** {@code BPF_T_FORMAT_MASK}. */
    public static final int FORMAT_MASK = 0x0003;
    /** {@code BPF_T_FAST}. */
    public static final int FAST = 0x0100;
    /** {@code BPF_T_MONOTONIC}. */
    public static final int MONOTONIC = 0x0200;
    /** {@code BPF_T_FLAG_MASK}. */
    public static final int FLAG_MASK = FAST | MONOTONIC;

    /** The default of a new descriptor: microseconds, wall clock. */
    public static final TimestampType DEFAULT = new TimestampType(TimestampFormat.MICROTIME, false, false);

    public TimestampType {
        if (format == null) {
            throw new NullPointerException("format");
        }
        if (format == TimestampFormat.NONE && (monotonic || fast)) {
            throw new IllegalArgumentException("timestamp format NONE takes no FAST or MONOTONIC flag");
        }
    }

    /** A wall-clock type of the given format. */
    public static TimestampType of(TimestampFormat format) {
        return new TimestampType(format, false, false);
    }

    /** The {@code u_int} for BIOCSTSTAMP. */
    public int bits() {
        return format.value() | (fast ? FAST : 0) | (monotonic ? MONOTONIC : 0);
    }

    /**
     * Decodes a BIOCSTSTAMP argument, with FreeBSD's {@code BPF_T_VALID} rule.
     *
     * @throws BpfException {@link Errno#EINVAL} for unknown bits, or NONE with a flag
     */
    public static TimestampType ofBits(int bits) throws BpfException {
        TimestampFormat format = TimestampFormat.ofValue(bits & FORMAT_MASK);
        boolean valid = (bits & ~(FORMAT_MASK | FLAG_MASK)) == 0 && (format != TimestampFormat.NONE || bits == format.value());
        if (!valid) {
            throw new BpfException(Errno.EINVAL, "BIOCSTSTAMP: 0x" + Integer.toHexString(bits) + " is not a timestamp type");
        }
        return new TimestampType(format, (bits & MONOTONIC) != 0, (bits & FAST) != 0);
    }
}
