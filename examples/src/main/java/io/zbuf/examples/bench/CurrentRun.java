package io.zbuf.examples.bench;

/**
 * The receiver of the run in progress, for message handlers that live as long as their session while each
 * run has its own {@link RunReceiver}. One thread.
 */
final class CurrentRun {
    private RunReceiver receiver;

    /** Starts a run: from now on messages go to {@code next}. */
    void start(RunReceiver next) {
        receiver = next;
    }

    /** A message carrying {@code sequence} arrived. */
    void onMessage(long sequence) {
        receiver.onMessage(sequence);
    }
}
