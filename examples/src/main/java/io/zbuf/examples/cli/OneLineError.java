package io.zbuf.examples.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one line a user reads. */
final class OneLineError {
    private OneLineError() {
    }

    static String describe(Throwable error) {
        if (error instanceof NoSuchFileException) {
            return "no such file: " + error.getMessage();
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied: " + error.getMessage();
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
