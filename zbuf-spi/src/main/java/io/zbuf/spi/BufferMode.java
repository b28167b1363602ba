package io.zbuf.spi;

/** How a descriptor hands packets to the user: BIOCSETBUFMODE / BIOCGETBUFMODE. */
public enum BufferMode {
    /** Copy through {@code read(2)}: the default of a new descriptor. */
    BUFFER(1),
    /** Zero-copy buffers lent by the user: what zbuf is about. */
    ZBUF(2);

    private final int value;

    BufferMode(int value) {
        this.value = value;
    }

    /** The {@code u_int} passed to BIOCSETBUFMODE ({@code BPF_BUFMODE_*}). */
    public int value() {
        return value;
    }

    /**
     * The mode with this BIOCSETBUFMODE value.
     *
     * @throws BpfException {@link Errno#EINVAL} for any other value, as FreeBSD answers
     */
    public static BufferMode ofValue(int value) throws BpfException {
        for (BufferMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        throw new BpfException(Errno.EINVAL, "BIOCSETBUFMODE: " + value + " is not a buffer mode (1 = BUFFER, 2 = ZBUF)");
    }
}
