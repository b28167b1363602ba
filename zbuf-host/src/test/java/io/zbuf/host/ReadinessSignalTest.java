package io.zbuf.host;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessSignalTest {
    @Test
    void aWakeUpWithoutWaitersChangesNothing() {
        ReadinessSignal signal = new ReadinessSignal();
        long before = signal.sequence();
        signal.wake();
        assertThat(signal.sequence()).isEqualTo(before);
    }

    @Test
    void aWakeUpWithAWaiterAdvancesTheSequence() {
        ReadinessSignal signal = new ReadinessSignal();
        signal.register();
        long before = signal.sequence();
        signal.wake();
        assertThat(signal.sequence()).isEqualTo(before + 1);
        signal.unregister();
        signal.wake();
        assertThat(signal.sequence()).isEqualTo(before + 1);
    }

    @Test
    void wakeAllAdvancesEvenWithoutWaiters() {
        ReadinessSignal signal = new ReadinessSignal();
        signal.wakeAll();
        assertThat(signal.sequence()).isEqualTo(1);
    }

    @Test
    void awaitChangeReturnsAtOnceIfTheSequenceMovedAlready() throws InterruptedException {
        ReadinessSignal signal = new ReadinessSignal();
        long seen = signal.sequence();
        signal.wakeAll();
        signal.awaitChange(seen, Long.MAX_VALUE + System.nanoTime());
        assertThat(signal.sequence()).isNotEqualTo(seen);
    }

    @Test
    void awaitChangeReturnsAtItsDeadline() throws InterruptedException {
        ReadinessSignal signal = new ReadinessSignal();
        long seen = signal.sequence();
        signal.awaitChange(seen, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(signal.sequence()).isEqualTo(seen);
    }

    @Test
    void aWaiterIsWokenByAnotherThread() throws Exception {
        ReadinessSignal signal = new ReadinessSignal();
        signal.register();
        long seen = signal.sequence();
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                signal.awaitChange(seen, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
                return signal.sequence();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        signal.wake();
        assertThat(waiter.get(60, TimeUnit.SECONDS)).isEqualTo(seen + 1);
    }
}
