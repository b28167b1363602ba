package io.zbuf.host;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.PacketSource;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.zbuf.host.HostedInterface.STALL_RETRY_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The pump of a hosted interface, driven by hand on the test thread, with descriptors standing in. */
class HostedInterfaceTest {
    private static final long T = 5_000;
    private static final long MILLISECOND = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void deliversDuePacketsToEveryDescriptorUpToTheBatch() throws BpfException {
        ScriptedSource source = new ScriptedSource();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        hosted.attach(reader(a), T);
        hosted.attach(reader(b), T);

        assertThat(hosted.pump(T, 3)).isEqualTo(3);
        assertThat(hosted.pump(T, 2)).isEqualTo(2);
        assertThat(a).containsExactly(0, 1, 2, 3, 4);
        assertThat(b).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aPacedSourceDeliversOnePacketPerIntervalAndCatchesUp() throws BpfException {
        ScriptedSource source = new ScriptedSource().packetsPerSecond(1000);
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        hosted.attach(reader(seen), T);
        assertThat(hosted.nextDueNanos()).isEqualTo(T);

        assertThat(hosted.pump(T - 1, 64)).as("not yet due").isZero();
        assertThat(hosted.pump(T, 64)).as("due now").isEqualTo(1);
        assertThat(hosted.nextDueNanos()).isEqualTo(T + MILLISECOND);
        assertThat(hosted.pump(T + MILLISECOND - 1, 64)).isZero();
        assertThat(hosted.pump(T + 10 * MILLISECOND, 64)).as("the kernel fell behind").isEqualTo(10);
        assertThat(hosted.nextDueNanos()).isEqualTo(T + 11 * MILLISECOND);
        assertThat(seen).hasSize(11);
    }

    @Test
    void theFirstDescriptorStartsTheSourceAndTheLastOneToLeaveStopsIt() throws BpfException {
        ScriptedSource source = new ScriptedSource();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        assertThat(hosted.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(hosted.pump(T, 64)).isZero();
        assertThat(source.produced).as("nobody listens: nothing is read").isZero();

        HostedDevice first = reader(new ArrayList<>());
        HostedDevice second = reader(new ArrayList<>());
        hosted.attach(first, T);
        hosted.attach(second, T + 100);
        assertThat(hosted.nextDueNanos()).as("a later descriptor does not move the clock").isEqualTo(T);
        hosted.detach(first);
        assertThat(hosted.nextDueNanos()).isEqualTo(T);
        hosted.detach(second);
        assertThat(hosted.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aReplayHoldsAPacketUntilEveryDescriptorHasRoom() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(3).waitingForReaders();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        HostedDevice roomy = reader(a);
        HostedDevice full = reader(b);
        when(roomy.hasRoomFor(any())).thenReturn(true);
        hosted.attach(roomy, T);
        hosted.attach(full, T);

        assertThat(hosted.pump(T, 64)).isZero();
        assertThat(a).as("nobody gets it while one has no room").isEmpty();
        assertThat(hosted.nextDueNanos()).as("looked at again a little later").isEqualTo(T + STALL_RETRY_NANOS);
        assertThat(hosted.pump(T + STALL_RETRY_NANOS - 1, 64)).isZero();

        when(full.hasRoomFor(any())).thenReturn(true);
        assertThat(hosted.pump(T + STALL_RETRY_NANOS, 64)).isEqualTo(3);
        assertThat(a).containsExactly(0, 1, 2);
        assertThat(b).containsExactly(0, 1, 2);
    }

    @Test
    void aHeldPacketGoesToTheNextDescriptorWhenTheOnlyOneLeaves() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(2).waitingForReaders();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        HostedDevice full = reader(new ArrayList<>());
        hosted.attach(full, T);
        assertThat(hosted.pump(T, 64)).isZero();
        hosted.detach(full);

        List<Integer> seen = new ArrayList<>();
        HostedDevice next = reader(seen);
        when(next.hasRoomFor(any())).thenReturn(true);
        hosted.attach(next, T + 1);
        assertThat(hosted.pump(T + 1, 64)).isEqualTo(2);
        assertThat(seen).as("the replay lost nothing").containsExactly(0, 1);
    }

    @Test
    void aLiveSourceDoesNotWaitForRoom() throws BpfException {
        ScriptedSource source = new ScriptedSource();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        HostedDevice full = reader(seen);
        hosted.attach(full, T);
        assertThat(hosted.pump(T, 2)).isEqualTo(2);
        assertThat(seen).containsExactly(0, 1);
        verify(full, never()).hasRoomFor(any());
    }

    @Test
    void anExhaustedSourceMakesTheInterfaceGoAwayOnce() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(2);
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        HostedDevice device = reader(seen);
        hosted.attach(device, T);

        assertThat(hosted.pump(T, 64)).isEqualTo(2);
        assertThat(hosted.gone()).isTrue();
        assertThat(source.closed).as("source closed").isTrue();
        assertThat(hosted.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(hosted.pump(T, 64)).isZero();
        hosted.goAway();
        verify(device).interfaceGone();
        assertThat(seen).containsExactly(0, 1);
    }

    @Test
    void aFailingSourceMakesTheInterfaceGoAwayWithAWarning() throws BpfException {
        ScriptedSource source = new ScriptedSource().failing();
        HostedInterface hosted = new HostedInterface("s0", "scripted:failing", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        HostedDevice device = reader(seen);
        hosted.attach(device, T);
        try (LogCapture log = LogCapture.of(HostedInterface.class)) {
            assertThat(hosted.pump(T, 64)).isZero();
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("s0", "scripted:failing", "read failed");
                assertThat(record.getThrown()).as("one line: the source's own error is no bug").isNull();
            });
        }
        assertThat(seen).isEmpty();
        assertThat(hosted.gone()).isTrue();
        verify(device).interfaceFailed(any(IOException.class));
    }

    @Test
    void aSourceThatFailsToCloseStillGoesAwayAndSaysSo() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(0).failingToClose();
        HostedInterface hosted = new HostedInterface("s0", "scripted:sticky", source, () -> { });
        hosted.attach(reader(new ArrayList<>()), T);
        try (LogCapture log = LogCapture.of(HostedInterface.class)) {
            assertThat(hosted.pump(T, 64)).isZero();
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getMessage()).contains("scripted:sticky");
                assertThat(record.getThrown()).hasMessage("close failed");
            });
        }
        assertThat(hosted.gone()).isTrue();
    }

    /** A source's bug (a RuntimeException or an Error at packet N) fails its interface; the readers are told why. */
    @ParameterizedTest
    @MethodSource("bugs")
    void aSourceThatThrowsAtPacketNFailsTheInterfaceWithTheCause(Throwable bug) throws BpfException {
        ScriptedSource source = new ScriptedSource().count(10).throwingAt(3, bug);
        HostedInterface hosted = new HostedInterface("s0", "scripted:buggy", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        HostedDevice device = reader(seen);
        hosted.attach(device, T);
        try (LogCapture log = LogCapture.of(HostedInterface.class)) {
            assertThat(hosted.pump(T, 64)).isEqualTo(3);
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(record.getMessage()).contains("s0", "scripted:buggy");
                assertThat(record.getThrown()).as("a bug keeps its stack trace").isSameAs(bug);
            });
        }
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(hosted.gone()).isTrue();
        assertThat(source.closed).isTrue();
        verify(device).interfaceFailed(bug);
        assertThat(hosted.pump(T, 64)).isZero();
    }

    /** A descriptor whose delivery hits a bug fails alone: every other descriptor gets every packet exactly once. */
    @ParameterizedTest
    @MethodSource("bugs")
    void aDescriptorWhoseDeliveryHitsABugFailsAloneAndTheOthersGetEachPacketOnce(Throwable bug) throws BpfException {
        ScriptedSource source = new ScriptedSource().count(5);
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> before = new ArrayList<>();
        List<Integer> faulty = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        HostedDevice first = reader(before);
        HostedDevice failing = throwingAtPacket(2, bug, faulty);
        HostedDevice last = reader(after);
        hosted.attach(first, T);
        hosted.attach(failing, T);
        hosted.attach(last, T);

        assertThat(hosted.pump(T, 3)).isEqualTo(3);
        assertThat(hosted.gone()).as("the interface goes on").isFalse();
        assertThat(hosted.pump(T, 64)).isEqualTo(2);
        assertThat(before).containsExactly(0, 1, 2, 3, 4);
        assertThat(after).containsExactly(0, 1, 2, 3, 4);
        assertThat(faulty).as("detached").containsExactly(0, 1);
        verify(failing).fail(bug);
    }

    /**
     * A memory fault in one descriptor's buffers: every other descriptor gets the packet exactly once, then the fault
     * goes to the kernel (whose handler finds whose buffers faulted); the next packet is the next one, not this again.
     */
    @Test
    void aMemoryFaultInOneDescriptorDuplicatesAndLosesNothingForTheOthers() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(5);
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> before = new ArrayList<>();
        List<Integer> faulty = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        InternalError fault = new InternalError("a fault occurred in an unsafe memory access operation");
        hosted.attach(reader(before), T);
        hosted.attach(throwingAtPacket(2, fault, faulty), T);
        hosted.attach(reader(after), T);

        assertThatThrownBy(() -> hosted.pump(T, 64)).isSameAs(fault);
        assertThat(before).containsExactly(0, 1, 2);
        assertThat(after).containsExactly(0, 1, 2);
        assertThat(hosted.pump(T, 64)).isEqualTo(2);
        assertThat(before).as("nothing twice, nothing lost").containsExactly(0, 1, 2, 3, 4);
        assertThat(after).containsExactly(0, 1, 2, 3, 4);
        assertThat(faulty).containsExactly(0, 1, 3, 4);
        assertThat(hosted.gone()).isTrue();
        assertThat(source.closed).isTrue();
    }

    /** A replay asks each descriptor for room; a bug there fails that descriptor alone. */
    @Test
    void aDescriptorWhoseRoomCheckHitsABugFailsAloneAndTheReplayGoesOn() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(3).waitingForReaders();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        HostedDevice roomy = reader(seen);
        when(roomy.hasRoomFor(any())).thenReturn(true);
        HostedDevice buggy = reader(new ArrayList<>());
        IllegalStateException bug = new IllegalStateException("a bug in hasRoomFor");
        when(buggy.hasRoomFor(any())).thenThrow(bug);
        hosted.attach(buggy, T);
        hosted.attach(roomy, T);

        assertThat(hosted.pump(T, 64)).isEqualTo(3);
        assertThat(seen).containsExactly(0, 1, 2);
        verify(buggy).fail(bug);
        verify(buggy, never()).deliver(any());
    }

    /** A memory fault while looking for room: raised once all looked; the packet waits, nobody got it yet. */
    @Test
    void aMemoryFaultWhileLookingForRoomIsRaisedAndThePacketStillWaits() throws BpfException {
        ScriptedSource source = new ScriptedSource().count(1).waitingForReaders();
        HostedInterface hosted = new HostedInterface("s0", "scripted", source, () -> { });
        List<Integer> seen = new ArrayList<>();
        HostedDevice faulting = reader(new ArrayList<>());
        InternalError fault = new InternalError("a fault occurred in an unsafe memory access operation");
        when(faulting.hasRoomFor(any())).thenThrow(fault);
        HostedDevice roomy = reader(seen);
        when(roomy.hasRoomFor(any())).thenReturn(true);
        hosted.attach(faulting, T);
        hosted.attach(roomy, T);

        assertThatThrownBy(() -> hosted.pump(T, 64)).isSameAs(fault);
        verify(roomy).hasRoomFor(any());
        hosted.detach(faulting); // as the fault handler closing that descriptor does
        assertThat(hosted.pump(T, 64)).isEqualTo(1);
        assertThat(seen).containsExactly(0);
    }

    /** A descriptor that records packets as {@link #reader} does, and throws {@code failure} at packet {@code sequence}. */
    private static HostedDevice throwingAtPacket(int sequence, Throwable failure, List<Integer> sequences) {
        HostedDevice device = mock(HostedDevice.class);
        doAnswer(call -> {
            int seen = call.<Packet>getArgument(0).fragment(0).getInt(0);
            if (seen == sequence) {
                throw failure;
            }
            return sequences.add(seen);
        }).when(device).deliver(any());
        return device;
    }

    static Stream<Throwable> bugs() {
        return Stream.of(new IllegalStateException("a source's bug"), new StackOverflowError("a source's error"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    /** A descriptor standing in for a real one: records the sequence number of every packet delivered to it. */
    private static HostedDevice reader(List<Integer> sequences) {
        HostedDevice device = mock(HostedDevice.class);
        doAnswer(call -> sequences.add(call.<Packet>getArgument(0).fragment(0).getInt(0))).when(device).deliver(any());
        return device;
    }

    /** Packets that carry only their sequence number, as many as asked, failing on demand. */
    private static final class ScriptedSource implements PacketSource {
        private final ByteBuffer frame = ByteBuffer.allocate(4);
        private long count = -1;
        private long packetsPerSecond;
        private boolean waitsForReaders;
        private boolean failing;
        private boolean failingToClose;
        private int throwAt = -1;
        private Throwable thrown;
        int produced;
        boolean closed;

        ScriptedSource count(long packets) {
            count = packets;
            return this;
        }

        ScriptedSource packetsPerSecond(long rate) {
            packetsPerSecond = rate;
            return this;
        }

        ScriptedSource waitingForReaders() {
            waitsForReaders = true;
            return this;
        }

        ScriptedSource failing() {
            failing = true;
            return this;
        }

        /** Throws {@code failure} when asked for packet {@code sequence}, after {@code sequence} packets. */
        ScriptedSource throwingAt(int sequence, Throwable failure) {
            throwAt = sequence;
            thrown = failure;
            return this;
        }

        ScriptedSource failingToClose() {
            failingToClose = true;
            return this;
        }

        @Override
        public LinkType linkType() {
            return LinkType.EN10MB;
        }

        @Override
        public boolean next(Packet packet) throws IOException {
            if (failing) {
                throw new IOException("read failed");
            }
            if (produced == count) {
                return false;
            }
            if (produced == throwAt) {
                throwUnchecked(thrown);
            }
            packet.append(frame.clear().putInt(0, produced++));
            return true;
        }

        @Override
        public long packetsPerSecond() {
            return packetsPerSecond;
        }

        @Override
        public boolean waitsForReaders() {
            return waitsForReaders;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (failingToClose) {
                throw new IOException("close failed");
            }
        }
    }
}
