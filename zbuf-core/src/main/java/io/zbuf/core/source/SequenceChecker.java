package io.zbuf.core.source;

/**
 * Checks that sequence numbers arrive in order without duplicates, and counts what did not: given the
 * numbers in arrival order it counts packets delivered (distinct numbers), duplicates, late arrivals (out of
 * order) and the numbers missing below the highest seen. Allocation-free after construction.
 *
 * <p>Duplicates are told from late arrivals by remembering the last {@code window} numbers; a number older
 * than that counts as a late arrival. Numbers are unsigned 32-bit; a run is checked up to 2^32 packets.
 * Not thread-safe.
 */
public final class SequenceChecker {
    /** The default number of recent sequence numbers remembered. */
    public static final int DEFAULT_WINDOW = 1 << 16;

    private static final long MAXIMUM_SEQUENCE = 0xFFFF_FFFFL;

    private final long[] seen;
    private final int window;
    private long next;
    private long delivered;
    private long duplicates;
    private long outOfOrder;
    private long unsequenced;

    /** A checker that remembers the last {@link #DEFAULT_WINDOW} numbers. */
    public SequenceChecker() {
        this(DEFAULT_WINDOW);
    }

    /** A checker that remembers the last {@code window} numbers, a positive multiple of 64. */
    public SequenceChecker(int window) {
        if (window < Long.SIZE || window % Long.SIZE != 0) {
            throw new IllegalArgumentException("window " + window + " is not a positive multiple of 64");
        }
        this.window = window;
        this.seen = new long[window / Long.SIZE];
    }

    /**
     * Records the arrival of {@code sequence}; {@link SequenceNumbers#NONE} (any negative value) counts as a
     * packet without a sequence number.
     */
    public void accept(long sequence) {
        if (sequence < 0) {
            unsequenced++;
            return;
        }
        if (sequence > MAXIMUM_SEQUENCE) {
            throw new IllegalArgumentException("sequence number " + sequence + " is beyond 32 bits");
        }
        if (sequence >= next) {
            for (long forgotten = Math.max(next, sequence + 1 - window); forgotten < sequence; forgotten++) {
                mark(forgotten, false);
            }
            next = sequence + 1;
        } else if (sequence < next - window) {
            outOfOrder++;
            delivered++;
            return;
        } else if (marked(sequence)) {
            duplicates++;
            return;
        } else {
            outOfOrder++;
        }
        mark(sequence, true);
        delivered++;
    }

    /** Distinct sequence numbers received. */
    public long delivered() {
        return delivered;
    }

    /** Arrivals of a number already received. */
    public long duplicates() {
        return duplicates;
    }

    /** First arrivals of a number below one received before. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** Packets without a sequence number. */
    public long unsequenced() {
        return unsequenced;
    }

    /** Numbers below the highest received that never arrived. */
    public long missing() {
        return next - delivered;
    }

    /** Numbers in {@code [0, sent)} that never arrived: the drops, if {@code sent} numbers were sent. */
    public long missing(long sent) {
        return Math.max(sent, next) - delivered;
    }

    /** One past the highest number received. */
    public long expectedNext() {
        return next;
    }

    /** Whether every number so far arrived once, in increasing order (gaps allowed: those are drops). */
    public boolean inOrderWithoutDuplicates() {
        return duplicates == 0 && outOfOrder == 0;
    }

    @Override
    public String toString() {
        return "delivered " + delivered + ", missing " + missing() + ", duplicates " + duplicates
            + ", out of order " + outOfOrder + ", unsequenced " + unsequenced;
    }

    private boolean marked(long sequence) {
        int bit = (int) (sequence % window);
        return (seen[bit >>> 6] & 1L << bit) != 0;
    }

    private void mark(long sequence, boolean present) {
        int bit = (int) (sequence % window);
        if (present) {
            seen[bit >>> 6] |= 1L << bit;
        } else {
            seen[bit >>> 6] &= ~(1L << bit);
        }
    }
}
