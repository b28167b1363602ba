package io.zbuf.core.user;

/** Spins on the CPU ({@link Thread#onSpinWait()}) when idle: the lowest latency, one core fully busy. */
public final class BusySpinIdleStrategy implements IdleStrategy {
    private final Runnable spin;

    /** A strategy that spins with {@link Thread#onSpinWait()}. */
    public BusySpinIdleStrategy() {
        this(Thread::onSpinWait);
    }

    BusySpinIdleStrategy(Runnable spin) {
        this.spin = spin;
    }

    /** Spins once when {@code workCount} is 0. */
    @Override
    public void idle(int workCount) {
        if (workCount <= 0) {
            spin.run();
        }
    }

    /** Stateless: nothing to reset. */
    @Override
    public void reset() {
    }
}
