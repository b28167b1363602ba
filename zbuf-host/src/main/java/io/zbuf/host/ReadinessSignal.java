package io.zbuf.host;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the kernel thread wakes readers blocked in poll. The kernel takes the monitor only when someone
 * waits, so a packet that nobody waits for costs one volatile read.
 */
final class ReadinessSignal {
    private final AtomicInteger waiters = new AtomicInteger();
    private long sequence;

    /** A reader is about to wait: from now on wake-ups are delivered. */
    void register() {
        waiters.incrementAndGet();
    }

    void unregister() {
        waiters.decrementAndGet();
    }

    /** Kernel side: wakes waiting readers, if any. */
    void wake() {
        if (waiters.get() > 0) {
            wakeAll();
        }
    }

    /** Wakes every waiter, registered or about to check: for close and hang-up. */
    synchronized void wakeAll() {
        sequence++;
        notifyAll();
    }

    /** The number of wake-ups so far; wait for it to change with {@link #awaitChange}. */
    synchronized long sequence() {
        return sequence;
    }

    /** Blocks until a wake-up after {@code seen}, or until {@link System#nanoTime()} reaches {@code deadline}. */
    synchronized void awaitChange(long seen, long deadline) throws InterruptedException {
        while (sequence == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
