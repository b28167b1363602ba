package io.zbuf.core.source;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;

/** The frame length of each synthetic packet: a list cycled through (one length: fixed), or uniform in a range. */
final class FrameSizes {
    private final int[] cycle;
    private final int minimum;
    private final int maximum;
    private final long seed;
    private final Random random;
    private int index;

    private FrameSizes(int[] cycle, int minimum, int maximum, long seed, Random random) {
        this.cycle = cycle;
        this.minimum = minimum;
        this.maximum = maximum;
        this.seed = seed;
        this.random = random;
    }

    /** The lengths in turn, again and again. */
    static FrameSizes cycled(int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("a list of frame sizes needs at least one size");
        }
        int[] copy = sizes.clone();
        return new FrameSizes(copy, Arrays.stream(copy).min().getAsInt(), Arrays.stream(copy).max().getAsInt(), 0, null);
    }

    /** Uniform lengths in {@code [minimum, maximum]}, reproducible from {@code seed}. */
    static FrameSizes random(int minimum, int maximum, long seed) {
        if (minimum > maximum) {
            throw new IllegalArgumentException("frame size min " + minimum + " is above max " + maximum);
        }
        return new FrameSizes(null, minimum, maximum, seed, new Random(seed));
    }

    /** The same lengths from the start, independent of this one. */
    FrameSizes fresh() {
        return random == null ? cycled(cycle) : random(minimum, maximum, seed);
    }

    int minimum() {
        return minimum;
    }

    int maximum() {
        return maximum;
    }

    /** The length of the next frame. */
    int next() {
        if (random != null) {
            return minimum + random.nextInt(maximum - minimum + 1);
        }
        int size = cycle[index];
        if (++index == cycle.length) {
            index = 0;
        }
        return size;
    }

    @Override
    public String toString() {
        if (random != null) {
            return minimum + " to " + maximum + " bytes (seed " + seed + ")";
        }
        return Arrays.stream(cycle).mapToObj(Integer::toString).collect(Collectors.joining("/")) + " bytes";
    }
}
