package io.zbuf.afpacket;

import io.zbuf.afpacket.AfPacketSocket.Event;
import io.zbuf.afpacket.libc.LinuxErrno;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_KERNEL;
import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_LOSING;
import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_USER;
import static io.zbuf.afpacket.RxRingTest.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The live source over a ring laid out as Linux lays one out, its socket mocked. */
@Timeout(30)
class AfPacketSourceTest {
    private static final RingGeometry RING = new RingGeometry(4096, 4, 1);

    private final TestRing kernel = new TestRing(RING);
    private final AfPacketSocket socket = mock(AfPacketSocket.class);
    private final Semaphore interrupts = new Semaphore(0);
    private final Packet packet = new Packet(1);
    private final AfPacketSource source;
    /** What the interrupt thread's next poll sees (it must not race with stubbing). */
    private volatile Callable<Event> poll = () -> {
        Thread.sleep(5);
        return Event.TIMEOUT;
    };

    AfPacketSourceTest() throws IOException {
        when(socket.interfaceName()).thenReturn("eth0");
        when(socket.ring()).thenReturn(kernel.memory());
        when(socket.awaitEvent(anyInt())).thenAnswer(call -> poll.call());
        source = new AfPacketSource(socket, RING, "live eth0");
    }

    @AfterEach
    void close() {
        source.close();
    }

    @Test
    void startingDiscardsWhatCameBeforeAndCountsItsDrops() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 1));
        when(socket.takeDrops()).thenReturn(5L);
        source.start(interrupts::release);
        var order = inOrder(socket);
        order.verify(socket).start();
        order.verify(socket).takeDrops();
        assertThat(kernel.status(0)).isEqualTo(TP_STATUS_KERNEL);
        assertThat(source.dropped()).isEqualTo(5);
        assertThat(source.blocksRead()).isEqualTo(1);
    }

    @Test
    void handsOutThePacketsOfTheRingThenCountsDropsAndArmsOnce() throws IOException {
        when(socket.takeDrops()).thenReturn(0L, 3L, 4L);
        source.start(interrupts::release);
        kernel.handOver(1, TP_STATUS_USER, frame(64, 7), frame(100, 8));
        kernel.handOver(0, TP_STATUS_USER, frame(64, 6));

        assertThat(source.next(packet.reset())).isTrue();
        assertThat(packet.fragment(0).getInt(packet.fragment(0).position())).isEqualTo(6);
        assertThat(source.next(packet.reset())).isTrue();
        assertThat(source.next(packet.reset())).isTrue();
        assertThat(packet.length()).isEqualTo(100);
        assertThat(source.next(packet.reset())).isFalse();
        assertThat(source.dropped()).as("read once the ring ran empty").isEqualTo(3);
        assertThat(source.next(packet.reset())).isFalse();
        assertThat(source.dropped()).as("still armed: not read again").isEqualTo(3);
        verify(socket, times(2)).takeDrops();
    }

    @Test
    void aLosingBlockCountsTheDropsAtOnce() throws IOException {
        source.start(interrupts::release);
        kernel.handOver(0, TP_STATUS_USER | TP_STATUS_LOSING, frame(64, 1));
        when(socket.takeDrops()).thenReturn(17L);
        assertThat(source.next(packet.reset())).isTrue();
        assertThat(source.dropped()).isEqualTo(17);
    }

    @Test
    void anInterruptComesWhenTheKernelHandsABlockOver() throws IOException, InterruptedException {
        source.start(interrupts::release);
        assertThat(source.next(packet.reset())).isFalse();
        poll = () -> {
            kernel.handOver(0, TP_STATUS_USER, frame(64, 42));
            return Event.READABLE;
        };
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(source.next(packet.reset())).isTrue();
        assertThat(packet.fragment(0).getInt(packet.fragment(0).position())).isEqualTo(42);
    }

    @Test
    void anInterfaceThatGoesDownEndsTheSourceAfterItsLastBlock() throws IOException, InterruptedException {
        when(socket.takeError()).thenReturn(LinuxErrno.ENETDOWN.code());
        when(socket.interfaceExists()).thenReturn(false);
        source.start(interrupts::release);
        assertThat(source.next(packet.reset())).isFalse();
        poll = () -> {
            kernel.handOver(0, TP_STATUS_USER, frame(64, 1), frame(64, 2));
            return Event.ERROR;
        };
        assertThat(interrupts.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(source.next(packet.reset())).isTrue();
        assertThat(source.next(packet.reset())).isTrue();
        assertThatThrownBy(() -> source.next(packet.reset())).isInstanceOf(IOException.class)
                .hasMessage("interface eth0 went away (network is down)");
    }

    @Test
    void stoppingPausesTheSocketAndClosingClosesIt() throws IOException {
        source.start(interrupts::release);
        source.stop();
        verify(socket).pause();
        source.close();
        verify(socket).wake();
        verify(socket).close();
    }

    @Test
    void aPacketCanWaitForAReaderWhileTheRingIsAtMostHalfFull() {
        assertThat(source.canHold()).isTrue();
        kernel.handOver(2, TP_STATUS_USER, frame(64, 1));
        assertThat(source.canHold()).isFalse();
    }

    @Test
    void isEthernetInOneFragmentAndSaysWhatItIs() {
        assertThat(source.linkType()).isEqualTo(LinkType.EN10MB);
        assertThat(source.maxFragments()).isEqualTo(1);
        assertThat(source.packetsPerSecond()).isZero();
        assertThat(source.waitsForReaders()).isFalse();
        assertThat(source).hasToString("live eth0");
    }
}
