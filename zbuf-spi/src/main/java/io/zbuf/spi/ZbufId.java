package io.zbuf.spi;

/** One of the two zero-copy buffers. The kernel fills A first, then strictly alternates. */
public enum ZbufId {
    A,
    B;

    /** The buffer the kernel fills after this one. */
    public ZbufId other() {
        return this == A ? B : A;
    }
}
