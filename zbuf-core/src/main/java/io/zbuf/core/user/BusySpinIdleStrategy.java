package io.zbuf.core.user;

/** Spins on the CPU ({@link Thread#onSpinWait()}) when idle: the lowest latency, one core fully busy. */
public final class BusySpinIdleStrategy implements IdleStrategy {
    /** Spins once when {@code workCount} is 0. */
    @Override
    public void idle(int workCount) {
        if (workCount <= 0) {
            Thread.onSpinWait();
        }
    }

    /** Stateless: nothing to reset. */
    @Override
    public void reset() {
    }
}
