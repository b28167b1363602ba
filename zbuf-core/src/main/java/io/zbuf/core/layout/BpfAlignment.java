package io.zbuf.core.layout;

/** {@code BPF_ALIGNMENT} and {@code BPF_WORDALIGN} on amd64: records start on 8-byte boundaries. */
public final class BpfAlignment {
    /** {@code BPF_ALIGNMENT}: {@code sizeof(long)} on amd64. */
    public static final int ALIGNMENT = 8;

    private BpfAlignment() {
    }

    /** {@code BPF_WORDALIGN(x)}: x rounded up to the next multiple of 8. */
    public static int wordAlign(int x) {
        return (x + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
