package io.zbuf.spi;

/**
 * How the kernel stamps each record: the low two bits of BIOCSTSTAMP ({@code BPF_T_*}).
 *
 * <p>All four formats occupy the first 16 bytes of the record header: two 64-bit words.
 */
public enum TimestampFormat {
    /** {@code struct timeval}: seconds, microseconds. The default. */
    MICROTIME(0),
    /** {@code struct bpf_ts}: seconds, nanoseconds. */
    NANOTIME(1),
    /** {@code struct bpf_ts} as a bintime: seconds, a binary fraction of a second in units of 2^-64. */
    BINTIME(2),
    /** No timestamp: both words stay zero. */
    NONE(3);

    private final int value;

    TimestampFormat(int value) {
        this.value = value;
    }

    /** The value in the low two bits of the timestamp type. */
    public int value() {
        return value;
    }

    static TimestampFormat ofValue(int value) {
        return values()[value];
    }
}
