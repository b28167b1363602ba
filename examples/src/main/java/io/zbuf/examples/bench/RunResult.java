package io.zbuf.examples.bench;

/**
 * What one run moved, checked at the receiver.
 *
 * @param sent             messages the producer sent
 * @param delivered        distinct messages the receiver got
 * @param dropped          messages the transport reported dropped (zbuf's kernel drops; the others never do)
 * @param timedMessages    messages received after the first timed poll that delivered any, up to the last one: the
 *                         ones {@code elapsedNanos} times
 * @param elapsedNanos     from the first timed poll that delivered a message to the last one
 * @param controlMessages  control messages (system calls) the receiver sent while saturated (between the first
 *                         and the last buffer it found in shared memory), or -1 where none are counted
 * @param buffersReceived  buffers handed over in that window, or -1 where the transport has none
 * @param failure          why the run broke the sequence check, or {@code null}
 */
public record RunResult(long sent, long delivered, long dropped, long timedMessages, long elapsedNanos,
                        long controlMessages, long buffersReceived, String failure) {
    /** Whether the run passed the sequence check: delivered + dropped = sent, in order, no duplicates. */
    public boolean ok() {
        return failure == null;
    }

    /** Messages per second received while timed, or NaN if the run was too short to time (one poll). */
    public double messagesPerSecond() {
        return elapsedNanos > 0 ? timedMessages * 1e9 / elapsedNanos : Double.NaN;
    }
}
