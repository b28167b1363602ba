package io.zbuf.spi;

/**
 * A number read from shared memory cannot be true: a record that runs past {@code bzh_kernel_len}, a header
 * length below 26, a capture length above the buffer size, a {@code kernel_len} larger than the buffer.
 *
 * <p>Shared memory is never trusted; this is what a reader raises instead of reading out of bounds. It names
 * the buffer and the byte offset, counted from the start of that buffer, where the bad number sits.
 */
public final class CorruptBufferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String buffer;
    private final long offset;

    public CorruptBufferException(String buffer, long offset, String problem) {
        super("corrupt zero-copy buffer " + buffer + " at offset " + offset + ": " + problem);
        this.buffer = buffer;
        this.offset = offset;
    }

    /** The buffer's name, {@code "A"} or {@code "B"}. */
    public String buffer() {
        return buffer;
    }

    /** The byte offset, from the start of the buffer, of the number that cannot be true. */
    public long offset() {
        return offset;
    }
}
