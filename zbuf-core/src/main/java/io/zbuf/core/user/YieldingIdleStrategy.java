package io.zbuf.core.user;

/** Yields the CPU ({@link Thread#yield()}) when idle: low latency, busy, but polite to other threads. */
public final class YieldingIdleStrategy implements IdleStrategy {
    private final Runnable yield;

    /** A strategy that yields with {@link Thread#yield()}. */
    public YieldingIdleStrategy() {
        this(Thread::yield);
    }

    YieldingIdleStrategy(Runnable yield) {
        this.yield = yield;
    }

    /** Yields once when {@code workCount} is 0. */
    @Override
    public void idle(int workCount) {
        if (workCount <= 0) {
            yield.run();
        }
    }

    /** Stateless: nothing to reset. */
    @Override
    public void reset() {
    }
}
