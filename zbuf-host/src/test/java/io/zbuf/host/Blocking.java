package io.zbuf.host;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call that may block, run on a thread of its own so that a test can wait until it is blocked where it
 * should be, act, and then wait, boundedly, for its outcome.
 */
final class Blocking<T> {
    private final Thread thread;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();

    private Blocking(String name, Callable<T> call) {
        thread = new Thread(() -> {
            try {
                outcome.complete(call.call());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    static <T> Blocking<T> start(Callable<T> call) {
        return new Blocking<>("blocking-call", call);
    }

    /** Waits, boundedly, until the thread waits inside {@code type.method}. */
    Blocking<T> awaitBlockedIn(Class<?> type, String method) {
        HostFixture.await(() -> {
            assertThat(outcome).as("finished before blocking in %s.%s", type.getSimpleName(), method).isNotDone();
            Thread.State state = thread.getState();
            return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    && Arrays.stream(thread.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method));
        }, "blocked in " + type.getSimpleName() + "." + method);
        return this;
    }

    /** The outcome, waited for boundedly: what the call returned, or what it threw. */
    T result() throws Exception {
        try {
            return outcome.get(HostFixture.LIVENESS.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
