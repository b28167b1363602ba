package io.zbuf.afpacket;

import io.zbuf.afpacket.AfPacketSocket.Event;
import io.zbuf.afpacket.libc.LinuxErrno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The interrupt line: masked until armed, one interrupt per arming, and the end of an interface. */
@Timeout(30)
class RingInterruptTest {
    private final AfPacketSocket socket = mock(AfPacketSocket.class);
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger polls = new AtomicInteger();
    private final Semaphore interrupts = new Semaphore(0);
    private RingInterrupt line;

    RingInterruptTest() {
        when(socket.interfaceName()).thenReturn("eth0");
        when(socket.awaitEvent(anyInt())).thenAnswer(call -> {
            polls.incrementAndGet();
            // only an event ends this poll, however long it was asked to wait: so no test depends on timing
            Event event = events.poll(60, TimeUnit.SECONDS);
            return event == null ? Event.TIMEOUT : event;
        });
        doAnswer(call -> events.add(Event.WOKEN)).when(socket).wake();
    }

    @AfterEach
    void close() {
        if (line != null) {
            line.close();
        }
    }

    @Test
    void aMaskedLineDoesNotPollAndAnArmedOneInterruptsOnce() throws InterruptedException {
        line = started(10);
        Thread.sleep(50);
        assertThat(polls).as("masked until the ring is found empty").hasValue(0);
        assertThat(line.armed()).isFalse();

        line.arm();
        assertThat(line.armed()).isTrue();
        events.add(Event.READABLE);
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(line.armed()).as("masked again").isFalse();
        int pollsThen = polls.get();
        Thread.sleep(50);
        assertThat(polls).hasValue(pollsThen);
        assertThat(interrupts.availablePermits()).isZero();

        line.arm();
        line.arm();
        events.add(Event.READABLE);
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(interrupts.availablePermits()).as("arming twice is arming once").isZero();
        assertThat(line.failure()).isNull();
    }

    @Test
    void timeoutsAndWakeUpsKeepTheLineArmed() throws InterruptedException {
        line = started(10);
        line.arm();
        events.add(Event.TIMEOUT);
        events.add(Event.WOKEN);
        events.add(Event.READABLE);
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(polls.get()).isGreaterThanOrEqualTo(3);
        verify(socket, never()).takeError();
    }

    @Test
    void anInterfaceThatWentDownEndsTheLineAfterTheRetireTimeout() throws InterruptedException {
        when(socket.takeError()).thenReturn(LinuxErrno.ENETDOWN.code());
        when(socket.interfaceExists()).thenReturn(true);
        line = started(40);
        line.arm();
        long start = System.nanoTime();
        events.add(Event.ERROR);
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).as("the ring's last block had time to be handed over")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2 * 40 + RingInterrupt.DRAIN_SLACK_MILLIS));
        assertThat(line.failure()).hasMessage("interface eth0 went down (network is down)");
        int pollsThen = polls.get();
        line.arm();
        Thread.sleep(50);
        assertThat(polls).as("the line ended").hasValue(pollsThen);
    }

    @Test
    void anInterfaceThatWentAwayIsSaidToAndAnUnknownErrnoByNumber() throws InterruptedException {
        when(socket.takeError()).thenReturn(4242);
        when(socket.interfaceExists()).thenReturn(false);
        line = started(1);
        line.arm();
        events.add(Event.ERROR);
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(line.failure()).hasMessage("interface eth0 went away (Linux errno 4242)");
    }

    @Test
    void closingWakesThePollAndWaitsForTheThread() throws InterruptedException {
        line = started(10);
        line.arm();
        line.close();
        verify(socket).wake();
        assertThat(Thread.getAllStackTraces().keySet()).as("the line's thread ended before close returned")
                .noneMatch(thread -> thread.getName().equals("zbuf-afpacket-eth0") && thread.isAlive());
        assertThat(interrupts.availablePermits()).isZero();
    }

    @Test
    void aLineNeverStartedClosesWithoutAWakeUp() {
        line = new RingInterrupt(socket, 10);
        line.close();
        verify(socket, never()).wake();
    }

    @Test
    void theHandlerCanChangeAtARestart() throws InterruptedException {
        line = started(10);
        Semaphore other = new Semaphore(0);
        line.start(other::release);
        line.arm();
        events.add(Event.READABLE);
        assertThat(other.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupts.availablePermits()).isZero();
    }

    private RingInterrupt started(int retireMillis) {
        RingInterrupt started = new RingInterrupt(socket, retireMillis);
        started.start(interrupts::release);
        return started;
    }
}
