package io.zbuf.core.user;

/** Yields the CPU ({@link Thread#yield()}) when idle: low latency, busy, but polite to other threads. */
public final class YieldingIdleStrategy implements IdleStrategy {
    /** Yields once when {@code workCount} is 0. */
    @Override
    public void idle(int workCount) {
        if (workCount <= 0) {
            Thread.yield();
        }
    }

    /** Stateless: nothing to reset. */
    @Override
    public void reset() {
    }
}
