package io.zbuf.core.user;

/**
 * How a polling reader waits when there was no work, in the style of Agrona's idle strategies.
 *
 * <p>zbuf offers two ways to wait for buffers. The default blocks on the device:
 * {@code capture.dispatch(handler, timeout)} sleeps in the descriptor's poll(2) when nothing is ready, as
 * libpcap does, and costs no CPU while idle. A reader that prefers latency polls instead and lets an idle
 * strategy decide how to spend the gaps:
 *
 * <pre>{@code
 * while (running) {
 *     idle.idle(capture.poll(handler));
 * }
 * }</pre>
 *
 * {@code poll} looks at shared memory only and never calls the device; a reader that also wants the partly
 * filled store buffer (BIOCROTZBUF) or to block now and then calls {@code dispatch} between polls.
 * Implementations keep state and are not thread-safe: one per reader thread.
 */
public interface IdleStrategy {
    /**
     * Called after each unit of work.
     *
     * @param workCount how much work was done, for example records delivered; 0 idles, more resets the strategy
     */
    void idle(int workCount);

    /** Back to the state of a strategy that has just done work. */
    void reset();
}
