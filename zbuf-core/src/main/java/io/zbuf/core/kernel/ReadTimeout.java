package io.zbuf.core.kernel;

/**
 * The read timeout of a descriptor ({@code bd_rtout}, {@code bd_state}, {@code bd_callout}): idle, waiting for
 * the timer a poller armed, or timed out, in which case a non-empty store buffer makes the descriptor readable.
 *
 * <p>FreeBSD stops the callout when it leaves WAITING; here the timer belongs to the caller and cannot be
 * stopped, so each arming records its deadline on the uptime clock and a timer that fires before the current
 * deadline (one armed earlier, then superseded) is ignored. Not thread-safe.
 */
final class ReadTimeout {
    /** {@code BPF_IDLE}, {@code BPF_WAITING}, {@code BPF_TIMED_OUT}. */
    enum State {
        IDLE,
        WAITING,
        TIMED_OUT
    }

    private long timeoutNanos;
    private State state = State.IDLE;
    private long deadlineNanos;

    /** BIOCSRTIMEOUT: zero never times out. */
    void timeoutNanos(long nanos) {
        timeoutNanos = nanos;
    }

    State state() {
        return state;
    }

    /** Whether the timeout fired since the last ioctl. */
    boolean timedOut() {
        return state == State.TIMED_OUT;
    }

    /**
     * bpfpoll() with nothing to read: starts the timer if there is a timeout and none is running.
     *
     * @return the nanoseconds after which to call {@link #fired(long)}, or 0 for no timer
     */
    long arm(long uptimeNanos) {
        if (timeoutNanos > 0 && state == State.IDLE) {
            state = State.WAITING;
            deadlineNanos = uptimeNanos + timeoutNanos;
            return timeoutNanos;
        }
        return 0;
    }

    /** bpf_timed_out(): the timer armed for the current deadline fired. */
    void fired(long uptimeNanos) {
        if (state == State.WAITING && uptimeNanos - deadlineNanos >= 0) {
            state = State.TIMED_OUT;
        }
    }

    /** bpf_wakeup(): readers are being woken, so a running timer is stopped. */
    void wakeup() {
        if (state == State.WAITING) {
            state = State.IDLE;
        }
    }

    /** bpfioctl() and bpfclose(): every ioctl stops the timer and forgets a timeout. */
    void cancel() {
        state = State.IDLE;
    }
}
