package io.zbuf.core.user;

/**
 * A held buffer or a record was used after it stopped being valid: after the buffer was acknowledged (the
 * kernel may already be writing into it again), or after the handler that received the record returned.
 *
 * <p>Thrown instead of reading memory that the kernel may have recycled. It is a programming error, so it
 * is unchecked.
 */
public final class StaleBufferException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StaleBufferException(String message) {
        super(message);
    }
}
