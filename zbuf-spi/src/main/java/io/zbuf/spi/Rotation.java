package io.zbuf.spi;

/**
 * What BIOCROTZBUF did: which buffer it handed over and how many bytes of records follow its header, or
 * {@link #NONE} when there was nothing to rotate.
 *
 * @param buffer the buffer handed over, or {@code null} when nothing was
 * @param length {@code bzh_kernel_len} of that buffer, 0 when nothing was handed over
 */
public record Rotation(ZbufId buffer, int length) {
    /** Nothing was rotated: FreeBSD's all-zero {@code struct bpf_zbuf}. */
    public static final Rotation NONE = new Rotation(null, 0);

    public Rotation {
        if ((buffer == null) != (length == 0) || length < 0) {
            throw new IllegalArgumentException("a rotation hands over a buffer with records, or nothing: " + buffer + ", " + length);
        }
    }

    /** Whether a buffer was handed over. */
    public boolean rotated() {
        return buffer != null;
    }
}
