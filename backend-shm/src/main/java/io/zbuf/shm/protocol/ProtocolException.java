package io.zbuf.shm.protocol;

import java.io.IOException;

/** The peer sent a frame that breaks the control protocol: a bad length, an unknown type, a short payload. */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super("zbuf control protocol: " + message);
    }
}
