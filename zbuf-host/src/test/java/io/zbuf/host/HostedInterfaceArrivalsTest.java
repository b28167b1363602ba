package io.zbuf.host;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A hosted interface fed by an event-driven source, driven by hand on the test thread. */
class HostedInterfaceArrivalsTest {
    private static final long T = 5_000;

    private final ScriptedArrivals source = new ScriptedArrivals();
    private final List<String> interrupts = new ArrayList<>();
    private final HostedInterface hosted = new HostedInterface("live0", "arrivals:x", source, () -> interrupts.add("irq"));

    @Test
    void theFirstDescriptorStartsTheSourceWithTheInterruptAndTheLastOneStopsIt() throws BpfException {
        assertThat(hosted.pump(T, 64)).as("nobody listens: the source is not read").isZero();
        HostedDevice first = reader(new ArrayList<>());
        HostedDevice second = reader(new ArrayList<>());
        hosted.attach(first, T);
        hosted.attach(second, T);
        assertThat(source.starts).hasValue(1);
        hosted.detach(first);
        assertThat(source.stops).hasValue(0);
        hosted.detach(first);
        assertThat(source.stops).as("detaching one that is not attached stops nothing").hasValue(0);
        hosted.detach(second);
        assertThat(source.stops).hasValue(1);
        hosted.attach(first, T);
        assertThat(source.starts).as("started again").hasValue(2);

        source.arrive(1);
        assertThat(interrupts).isEmpty();
        assertThat(hosted.pump(T, 64)).isEqualTo(1);
        source.arrive(2);
        assertThat(interrupts).as("the kernel found the source empty: it armed").containsExactly("irq");
    }

    @Test
    void readsWhatArrivedUpToTheBatchAndIsNeverDueOnItsOwn() throws BpfException {
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        hosted.attach(reader(a), T);
        hosted.attach(reader(b), T);
        assertThat(hosted.nextDueNanos()).as("its interrupt says when").isEqualTo(Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) {
            source.arrive(i);
        }
        assertThat(hosted.pump(T, 3)).isEqualTo(3);
        assertThat(hosted.pump(T, 3)).isEqualTo(2);
        assertThat(hosted.pump(T, 3)).isZero();
        assertThat(a).containsExactly(0, 1, 2, 3, 4);
        assertThat(b).containsExactly(0, 1, 2, 3, 4);
        assertThat(hosted.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void whatTheSourceDropsCountsAsLostForEveryDescriptorOnce() throws BpfException {
        source.drop(7);
        HostedDevice first = reader(new ArrayList<>());
        HostedDevice second = reader(new ArrayList<>());
        hosted.attach(first, T);
        hosted.attach(second, T);
        hosted.pump(T, 64);
        verify(first, never()).lost(anyLong());

        source.drop(3);
        source.arrive(0);
        hosted.pump(T, 64);
        verify(first).lost(3);
        verify(second).lost(3);
        hosted.pump(T, 64);
        verify(first).lost(anyLong());
    }

    @Test
    void aPacketAReaderHasNoRoomForWaitsInTheSourceWhileTheSourceCanHoldIt() throws BpfException {
        List<Integer> roomy = new ArrayList<>();
        List<Integer> full = new ArrayList<>();
        HostedDevice first = reader(roomy);
        HostedDevice second = reader(full);
        when(first.hasRoomFor(any())).thenReturn(true);
        hosted.attach(first, T);
        hosted.attach(second, T);
        source.canHold = true;
        source.arrive(0);
        source.arrive(1);

        assertThat(hosted.pump(T, 64)).isZero();
        assertThat(roomy).as("nobody gets it while one has no room").isEmpty();
        assertThat(hosted.nextDueNanos()).as("looked at again a little later").isEqualTo(T + HostedInterface.STALL_RETRY_NANOS);
        assertThat(hosted.pump(T + 1, 64)).as("the held packet is not read again").isZero();

        when(second.hasRoomFor(any())).thenReturn(true);
        assertThat(hosted.pump(T + HostedInterface.STALL_RETRY_NANOS, 64)).isEqualTo(2);
        assertThat(roomy).containsExactly(0, 1);
        assertThat(full).containsExactly(0, 1);
        assertThat(hosted.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void onceTheSourceCannotHoldTheReaderWithoutRoomDropsAsBpfDoes() throws BpfException {
        List<Integer> full = new ArrayList<>();
        hosted.attach(reader(full), T);
        source.canHold = true;
        source.arrive(0);
        assertThat(hosted.pump(T, 64)).isZero();
        source.canHold = false;
        assertThat(hosted.pump(T + HostedInterface.STALL_RETRY_NANOS, 64)).isEqualTo(1);
        assertThat(full).as("tapped: the descriptor drops it and counts it").containsExactly(0);
    }

    @Test
    void aSourceThatFailsMakesTheInterfaceGoAwayAfterWhatItHad() throws BpfException {
        List<Integer> seen = new ArrayList<>();
        HostedDevice device = reader(seen);
        hosted.attach(device, T);
        source.arrive(0);
        IOException failure = new IOException("interface eth0 went away");
        source.fail(failure);
        try (LogCapture log = LogCapture.of(HostedInterface.class)) {
            assertThat(hosted.pump(T, 64)).isEqualTo(1);
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("interface eth0 went away");
                assertThat(record.getThrown()).as("one line").isNull();
            });
        }
        assertThat(seen).containsExactly(0);
        assertThat(hosted.gone()).isTrue();
        assertThat(source.closed).isTrue();
        verify(device).interfaceFailed(failure);
        assertThat(hosted.pump(T, 64)).isZero();
    }

    @Test
    void aSourceThatCannotStartRefusesTheAttachAndGoesAway() {
        source.failToStart(new IOException("bind eth0: the interface went away"));
        assertThatThrownBy(() -> hosted.attach(reader(new ArrayList<>()), T)).isInstanceOf(BpfException.class)
                .hasMessage("BIOCSETIF: interface live0 cannot capture: bind eth0: the interface went away (ENXIO)")
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENXIO));
        assertThat(hosted.gone()).isTrue();
        assertThat(source.closed).isTrue();
    }

    @Test
    void aSourceThatCannotStopGoesAway() throws BpfException {
        HostedDevice device = reader(new ArrayList<>());
        hosted.attach(device, T);
        source.failToStop(new IOException("SO_ATTACH_FILTER: bad file descriptor"));
        try (LogCapture log = LogCapture.of(HostedInterface.class)) {
            hosted.detach(device);
            assertThat(log.records()).singleElement().satisfies(record -> assertThat(record.getMessage()).contains("SO_ATTACH_FILTER"));
        }
        assertThat(hosted.gone()).isTrue();
    }

    @Test
    void anInterfaceGoneIsNotStoppedAgain() throws BpfException {
        HostedDevice device = reader(new ArrayList<>());
        hosted.attach(device, T);
        hosted.goAway();
        hosted.detach(device);
        assertThat(source.stops).hasValue(0);
    }

    private static HostedDevice reader(List<Integer> sequences) {
        HostedDevice device = mock(HostedDevice.class);
        doAnswer(call -> sequences.add(call.<Packet>getArgument(0).fragment(0).getInt(0))).when(device).deliver(any());
        return device;
    }
}
