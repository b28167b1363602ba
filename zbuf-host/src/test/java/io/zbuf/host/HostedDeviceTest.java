package io.zbuf.host;

import io.zbuf.core.kernel.ManualKernelClock;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.core.source.SyntheticSource;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.host.HostFixture.Attached;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.Errno;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.BPF_K;
import static io.zbuf.core.filter.BpfOpcodes.BPF_RET;
import static io.zbuf.host.HostFixture.LIVENESS;
import static io.zbuf.host.HostFixture.Setup.IMMEDIATE;
import static io.zbuf.host.HostFixture.Setup.NONE;
import static io.zbuf.host.HostFixture.awaitReceived;
import static io.zbuf.host.HostFixture.blockedReader;
import static io.zbuf.host.HostFixture.lend;
import static io.zbuf.host.HostFixture.reader;
import static io.zbuf.host.HostFixture.readUntilGone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A descriptor hosted by a kernel host: its ioctls reach the descriptor, its readers are woken. */
class HostedDeviceTest {
    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    // ---------------------------------------------------------------- ioctls reach the descriptor

    /**
     * A descriptor its interface detached because delivering to it hit a bug: a blocked reader wakes, every poll
     * fails with EIO and the bug as the cause, the bug is logged, the kernel goes on.
     */
    @Test
    void aDescriptorThatFailedWakesItsReaderAndFailsEveryPoll() throws Exception {
        HostedDevice buggy = fixture.attach(fixture.newInterface("synthetic:rate=1"), 1, NONE).device();
        Blocking<Boolean> waiting = blockedReader(buggy);
        try (LogCapture log = LogCapture.of(KernelHost.class)) {
            IllegalStateException bug = new IllegalStateException("a bug in tap");
            fixture.host.call(() -> {
                buggy.fail(bug);
                return null;
            });
            assertThatThrownBy(waiting::result).isInstanceOf(BpfException.class).hasCause(bug)
                    .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EIO));
            assertThatThrownBy(() -> buggy.awaitReadable(Duration.ZERO)).isInstanceOf(BpfException.class).hasCause(bug);
            assertThat(log.records()).singleElement().satisfies(record -> assertThat(record.getThrown()).isSameAs(bug));
        }
        assertThat(fixture.host.call(() -> "still running")).isEqualTo("still running");
    }

    @Test
    void aFilterSetThroughTheDeviceDecidesWhatIsCaptured() throws Exception {
        String name = fixture.newInterface("synthetic:count=3,size=1000");
        BpfProgram snap64 = new BpfProgram(List.of(new BpfInsn(BPF_RET | BPF_K, 0, 0, 64)));
        Attached capture = fixture.attach(name, 4, device -> device.setFilter(snap64));
        assertThat(readUntilGone(capture.device(), capture.zbuf())).as("caplen/datalen")
                .containsExactly("64/1000", "64/1000", "64/1000");
    }

    @Test
    void flushEmptiesTheStoreBufferAndZeroesTheCounters() throws Exception {
        HostedDevice device = fixture.attach(fixture.newInterface("synthetic:count=3,size=100"), 4, NONE).device();
        assertThat(device.awaitReadable(LIVENESS)).as("the interface went away, records left").isTrue();
        assertThat(device.stats()).isEqualTo(BpfStats.ofCounters(3, 0));

        device.flush();
        assertThat(device.stats()).isEqualTo(BpfStats.ofCounters(0, 0));
        assertThatThrownBy(() -> device.awaitReadable(Duration.ZERO)).as("nothing left to read").isInstanceOf(InterfaceGoneException.class);
    }

    @Test
    void linkTypeIsTheAttachedInterfacesAndOutlivesIt() throws Exception {
        Attached capture = fixture.attach(fixture.newInterface("synthetic:count=1"), 1, NONE);
        assertThat(capture.device().linkType()).isEqualTo(LinkType.EN10MB);
        assertThat(readUntilGone(capture.device(), capture.zbuf())).hasSize(1);
        assertThat(capture.device().linkType()).isEqualTo(LinkType.EN10MB);
    }

    // ---------------------------------------------------------------- attach, detach, close

    @Test
    void closingTheLastReaderPausesTheInterface() throws Exception {
        String name = fixture.newInterface("synthetic:rate=1");
        HostedDevice device = fixture.attach(name, 1, NONE).device();
        HostedInterface hosted = fixture.hosted(name);
        assertThat(fixture.nextDue(hosted)).as("a packet is due while someone listens").isNotEqualTo(Long.MAX_VALUE);

        device.close();
        assertThat(fixture.nextDue(hosted)).as("nobody listens: no packet is due").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void attachingElsewhereDetachesFromTheFirstInterface() throws Exception {
        String first = fixture.newInterface("synthetic:rate=1");
        String second = fixture.newInterface("synthetic:rate=1");
        fixture.attach(first, 1, NONE).device().setInterface(second);
        assertThat(fixture.nextDue(fixture.hosted(first))).as("the first interface has no reader left").isEqualTo(Long.MAX_VALUE);
        assertThat(fixture.nextDue(fixture.hosted(second))).isNotEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aClosedDeviceWritesNothingMoreToTheBuffersItWasLent() throws Exception {
        Attached capture = fixture.attach(fixture.newInterface("synthetic:rate=1"), 1, IMMEDIATE);
        capture.device().close();
        ByteBuffer a = copy(capture.zbuf().bufA());
        ByteBuffer b = copy(capture.zbuf().bufB());

        Packet packet = new Packet(1);
        assertThat(SyntheticSource.builder().build().next(packet)).isTrue();
        fixture.host.call(() -> {
            capture.device().deliver(packet);
            return null;
        });
        assertThat(copy(capture.zbuf().bufA())).isEqualTo(a);
        assertThat(copy(capture.zbuf().bufB())).isEqualTo(b);
    }

    // ---------------------------------------------------------------- readers are woken

    @Test
    void aReaderBlockedWithoutTimeoutIsWokenByAPacket() throws Exception {
        String name = fixture.newInterface("synthetic:rate=10");
        HostedDevice device = fixture.open();
        lend(device, 16);
        device.setImmediate(true);
        Blocking<Boolean> reader = blockedReader(device);
        device.setInterface(name);
        assertThat(reader.result()).isTrue();
    }

    @Test
    void aPacedInterfaceWakesAReaderWithoutACallToWakeTheKernel() throws Exception {
        Attached capture = fixture.attach(fixture.newInterface("synthetic:rate=5"), 16, IMMEDIATE);
        HostedDevice device = capture.device();
        assertThat(device.awaitReadable(LIVENESS)).as("the first packet, due at once").isTrue();
        assertThat(device.rotateZbuf().rotated()).isTrue();
        HeldBuffer first = new ZbufConsumer(capture.zbuf(), TimestampFormat.MICROTIME).poll();
        assertThat(first).isNotNull();
        first.acknowledge();

        // the second packet is due 200 ms after the first: the kernel must wake up for it by itself
        assertThat(reader(device).result()).isTrue();
    }

    @Test
    void aReaderBlockedWithoutTimeoutLearnsThatTheReplayEnded() throws Exception {
        String name = fixture.newInterface("pcap:" + TestCaptures.smtp());
        // never read: the replay waits for it once both its buffers are full
        HostedDevice stalling = fixture.attach(name, 1, NONE).device();
        // room for the whole capture: never readable before the end
        Blocking<Boolean> reader = blockedReader(fixture.attach(name, 16, NONE).device());

        stalling.close();
        assertThat(reader.result()).as("hung up with records left").isTrue();
    }

    @Test
    void aReaderBlockedWithoutTimeoutLearnsThatTheKernelStopped() throws Exception {
        Blocking<Boolean> reader = blockedReader(fixture.attach(fixture.newInterface("synthetic:rate=1"), 16, NONE).device());
        fixture.host.close();
        assertThatThrownBy(reader::result).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void aReaderWaitingLongerThanTheReadTimeoutIsWokenByIt() throws Exception {
        HostedDevice device = fixture.attach(fixture.newInterface("synthetic:rate=10"), 16,
                timed -> timed.setReadTimeout(Duration.ofMillis(20))).device();
        awaitReceived(device, 1);
        assertThat(reader(device).result()).isTrue();
    }

    @Test
    void aWaitTooLongToCountInNanosecondsIsAWaitWithoutEnd() throws Exception {
        HostedDevice device = fixture.attach(fixture.newInterface("synthetic:count=1"), 1, IMMEDIATE).device();
        assertThat(device.awaitReadable(ChronoUnit.FOREVER.getDuration())).isTrue();
    }

    @Test
    void theReadTimeoutFiresWhenTheKernelClockReachesItsDeadline() throws Exception {
        ManualKernelClock clock = new ManualKernelClock(0);
        Duration timeout = Duration.ofMillis(50);
        try (HostFixture manual = new HostFixture(clock)) {
            HostedDevice device = manual.attach(manual.newInterface("synthetic:rate=10"), 16,
                    timed -> timed.setReadTimeout(timeout)).device();
            awaitReceived(device, 1);

            assertThat(device.awaitReadable(Duration.ZERO)).as("the poll that starts the timer").isFalse();
            clock.advance(timeout.toNanos() - 1);
            assertThat(device.awaitReadable(Duration.ZERO)).as("a nanosecond before the deadline").isFalse();
            clock.advance(1);
            assertThat(device.awaitReadable(Duration.ZERO)).as("at the deadline").isTrue();
        }
    }

    @Test
    void fastTimestampsAreTheKernelThreadsLastTick() throws Exception {
        ManualKernelClock clock = new ManualKernelClock(0);
        try (HostFixture manual = new HostFixture(clock)) {
            clock.advance(7_000_000_123L);
            TimestampType fastSinceBoot = new TimestampType(TimestampFormat.NANOTIME, true, true);
            Attached capture = manual.attach(manual.newInterface("synthetic:count=2"), 4, fast -> fast.setTimestampType(fastSinceBoot));
            assertThat(capture.device().awaitReadable(LIVENESS)).as("the interface went away, records left").isTrue();
            assertThat(capture.device().rotateZbuf().rotated()).isTrue();

            HeldBuffer held = new ZbufConsumer(capture.zbuf(), TimestampFormat.NANOTIME).poll();
            List<Long> stamps = new ArrayList<>();
            held.forEach(record -> stamps.add(record.timestampSeconds() * 1_000_000_000L + record.timestampFraction()));
            assertThat(stamps).as("ticked after the clock moved, before the packets").containsExactly(7_000_000_123L, 7_000_000_123L);
        }
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.capacity());
        copy.put(buffer.duplicate().clear()).flip();
        return copy;
    }
}
