package io.zbuf.core.contract;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.filter.FilterSyntaxException;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.core.user.BpfRecord;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ControlledRecordHandler;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.NoSuchInterfaceException;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every backend must do, specified once (after Netty's transport testsuite). A backend module runs it
 * by subclassing and supplying {@link #createBackend()}; a backend whose interfaces are not created through
 * {@link Backend#createInterface} overrides {@link #createInterface}.
 *
 * <p>Waits are bounded by {@link #LIVENESS}, a limit on how long something that must happen may take; no
 * test asserts how fast anything is.
 */
public abstract class BackendContract {
    /** Upper bound for anything that must eventually happen. */
    protected static final Duration LIVENESS = Duration.ofSeconds(20);
    /** Ethernet + IPv4 + UDP headers: where synthetic frames carry their sequence number. */
    private static final int SEQUENCE_OFFSET = 14 + 20 + 8;
    private static final AtomicInteger INTERFACES = new AtomicInteger();

    private Backend backend;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A fresh backend for one test. If it is {@link AutoCloseable} it is closed after the test. */
    protected abstract Backend createBackend() throws Exception;

    /** Creates an interface fed by {@code source} (a {@code SourceSpec}). */
    protected void createInterface(Backend target, String name, String source) throws Exception {
        target.createInterface(name, source);
    }

    @BeforeEach
    final void startBackend() throws Exception {
        backend = createBackend();
    }

    @AfterEach
    final void stopBackend() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        if (backend instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    // ---------------------------------------------------------------- setup order and its errors

    @Test
    void newDescriptorStartsInBufferModeWithMicrosecondTimestamps() throws Exception {
        Device device = open();
        assertThat(device.bufferMode()).isEqualTo(BufferMode.BUFFER);
        assertThat(device.timestampType()).isEqualTo(TimestampType.DEFAULT);
    }

    @Test
    void zeroCopyIoctlsNeedZeroCopyMode() throws Exception {
        Device device = open();
        assertErrno(Errno.EOPNOTSUPP, device::zmax);
        assertErrno(Errno.EOPNOTSUPP, device::rotateZbuf);
        ByteBuffer a = device.bufferMemory().allocate(pageSize(device));
        ByteBuffer b = device.bufferMemory().allocate(pageSize(device));
        assertErrno(Errno.EOPNOTSUPP, () -> device.setZbuf(new BpfZbuf(a, b, a.capacity())));
    }

    @Test
    void zmaxIsFiveHundredTwelvePages() throws Exception {
        Device device = open();
        device.setBufferMode(BufferMode.ZBUF);
        assertThat(device.zmax()).isEqualTo(512L * pageSize(device));
    }

    @Test
    void attachingBeforeBuffersAreLentIsInvalid() throws Exception {
        String name = newInterface("synthetic:rate=1");
        Device device = open();
        device.setBufferMode(BufferMode.ZBUF);
        assertErrno(Errno.EINVAL, () -> device.setInterface(name));
    }

    @Test
    void buffersAreLentOnceAndFixTheMode() throws Exception {
        Device device = open();
        lend(device, 1);
        ByteBuffer a = device.bufferMemory().allocate(pageSize(device));
        ByteBuffer b = device.bufferMemory().allocate(pageSize(device));
        assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(a, b, a.capacity())));
        assertErrno(Errno.EBUSY, () -> device.setBufferMode(BufferMode.ZBUF));
    }

    @Test
    void bufferSizeIsTheLengthLessTheHeaderAndCannotBeSet() throws Exception {
        Device device = open();
        BpfZbuf zbuf = lend(device, 2);
        assertThat(device.bufferSize()).isEqualTo((int) zbuf.bufLen() - 32);
        assertErrno(Errno.EOPNOTSUPP, () -> device.setBufferSize(4096));
    }

    @Test
    void invalidBuffersAreRefusedAndLeaveTheDescriptorUsable() throws Exception {
        Device device = open();
        device.setBufferMode(BufferMode.ZBUF);
        int page = pageSize(device);
        ByteBuffer a = device.bufferMemory().allocate(2 * page);
        ByteBuffer b = device.bufferMemory().allocate(2 * page);
        ByteBuffer misaligned = a.duplicate().position(8).slice();
        assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(null, b, page)));
        assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(a, b, 0)));
        assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(misaligned, b, page)));
        assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(a, b, page + 8)));
        assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(a, b, 513L * page)));

        device.setZbuf(new BpfZbuf(a, b, 2L * page));
        assertThat(device.bufferSize()).isEqualTo(2 * page - 32);
    }

    @Test
    void unknownInterfaceIsNoSuchDeviceNamingThoseThatExist() throws Exception {
        String existing = newInterface("synthetic:rate=1");
        Device device = open();
        lend(device, 1);
        List<String> interfaces = backend.interfaces();
        assertErrno(Errno.ENXIO, () -> device.setInterface("no-such-interface"));
        assertThatThrownBy(() -> device.setInterface("no-such-interface"))
                .isInstanceOfSatisfying(NoSuchInterfaceException.class, error -> {
                    assertThat(error.interfaceName()).isEqualTo("no-such-interface");
                    assertThat(error.existing()).contains(existing).isEqualTo(interfaces);
                })
                .hasMessageContaining(existing);
    }

    @Test
    void promiscuousModeNeedsAnInterface() throws Exception {
        Device device = open();
        lend(device, 1);
        assertErrno(Errno.EINVAL, device::setPromiscuous);
    }

    @Test
    void everyInterfaceCreatedIsListed() throws Exception {
        String name = newInterface("synthetic:rate=1");
        assertThat(backend.interfaces()).contains(name);
    }

    // ---------------------------------------------------------------- buffers and hand-offs

    @Test
    void kernelFillsBufferAFirstThenAlternates() throws Exception {
        int packets = 60;
        String name = newInterface("synthetic:count=" + packets + ",size=1000");
        Device device = open();
        BpfZbuf zbuf = lend(device, 1);
        device.setImmediate(true);
        device.setInterface(name);

        ZbufConsumer consumer = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
        List<ZbufId> order = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        drain(device, consumer, held -> order.add(held.id()), sequences);

        assertThat(order).isNotEmpty();
        assertThat(order.get(0)).isEqualTo(ZbufId.A);
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).as("buffer %d", i).isEqualTo(order.get(i - 1).other());
        }
        assertConserved(device.stats(), packets, sequences);
    }

    @Test
    void userMayOwnBothBuffersAndTheRestIsDropped() throws Exception {
        // 1000-byte frames: 3 records fit in one page (3 x 1032 - 6 + 1026 > 4064).
        String name = newInterface("synthetic:count=20,size=1000");
        Device device = open();
        BpfZbuf zbuf = lend(device, 1);
        assertThat(pageSize(device)).isEqualTo(4096);
        device.setInterface(name);
        awaitReceived(device, 20);

        ZbufConsumer consumer = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
        List<Integer> sequences = new ArrayList<>();
        HeldBuffer first = consumer.poll();
        assertThat(first).isNotNull();
        assertThat(first.id()).isEqualTo(ZbufId.A);
        assertThat(first.forEach(record -> sequences.add(sequence(record)))).isEqualTo(3);
        first.acknowledge();
        HeldBuffer second = consumer.poll();
        assertThat(second).as("the kernel handed B over too (buffull)").isNotNull();
        assertThat(second.id()).isEqualTo(ZbufId.B);
        assertThat(second.forEach(record -> sequences.add(sequence(record)))).isEqualTo(3);
        second.acknowledge();

        BpfStats stats = device.stats();
        assertThat(stats.dropped()).isEqualTo(14);
        assertConserved(stats, 20, sequences);
    }

    @Test
    void rotateHandsOverAPartlyFilledBuffer() throws Exception {
        String name = newInterface("synthetic:count=3,size=100");
        Device device = open();
        BpfZbuf zbuf = lend(device, 4);
        device.setInterface(name);
        awaitReceived(device, 3);

        ZbufConsumer consumer = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
        assertThat(consumer.poll()).as("nothing handed over before the rotation").isNull();
        Rotation rotation = device.rotateZbuf();
        assertThat(rotation.buffer()).isEqualTo(ZbufId.A);
        HeldBuffer held = consumer.poll();
        assertThat(held).isNotNull();
        assertThat(held.length()).isEqualTo(rotation.length());
        assertThat(held.forEach(record -> { })).isEqualTo(3);
        held.acknowledge();
        assertThat(device.rotateZbuf()).isEqualTo(Rotation.NONE);
    }

    @Test
    void rotateAfterAnAcknowledgementDeliversWhatTheStoreBufferHolds() throws Exception {
        // A takes 3 records and is handed over by the 4th packet; B keeps packets 4 and 5; then silence.
        String name = newInterface("synthetic:count=5,size=1000");
        Device device = open();
        BpfZbuf zbuf = lend(device, 1);
        device.setInterface(name);
        awaitReceived(device, 5);

        ZbufConsumer consumer = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
        HeldBuffer a = consumer.poll();
        assertThat(a).isNotNull();
        a.acknowledge();
        assertThat(consumer.poll()).isNull();

        Rotation rotation = device.rotateZbuf();
        assertThat(rotation.buffer()).as("zbuf reclaims the acknowledged buffer before rotating (FreeBSD would not)").isEqualTo(ZbufId.B);
        HeldBuffer b = consumer.poll();
        assertThat(b).isNotNull();
        List<Integer> sequences = new ArrayList<>();
        b.forEach(record -> sequences.add(sequence(record)));
        assertThat(sequences).containsExactly(3, 4);
    }

    // ---------------------------------------------------------------- readiness

    @Test
    void immediateModeMakesEveryPacketReadable() throws Exception {
        String name = newInterface("synthetic:rate=4");
        Device device = open();
        lend(device, 16);
        device.setImmediate(true);
        device.setInterface(name);
        assertThat(device.awaitReadable(LIVENESS)).isTrue();
        assertThat(device.rotateZbuf().rotated()).isTrue();
    }

    /** Read timeouts that never fire: none, and one too long to count in nanoseconds (292 years). */
    static List<Duration> timeoutsThatNeverFire() {
        return List.of(Duration.ZERO, ChronoUnit.FOREVER.getDuration());
    }

    @ParameterizedTest(name = "read timeout {0}")
    @MethodSource("timeoutsThatNeverFire")
    void withoutImmediateOrTimeoutAPartlyFilledBufferIsNotReadable(Duration timeout) throws Exception {
        String name = newInterface("synthetic:rate=50");
        Device device = open();
        lend(device, 16);
        device.setReadTimeout(timeout);
        device.setInterface(name);
        awaitReceived(device, 2);
        assertThat(device.awaitReadable(Duration.ofMillis(100))).isFalse();
    }

    @Test
    void readTimeoutMakesAPartlyFilledBufferReadable() throws Exception {
        String name = newInterface("synthetic:rate=20");
        Device device = open();
        lend(device, 16);
        device.setReadTimeout(Duration.ofMillis(50));
        device.setInterface(name);
        awaitReceived(device, 1);
        assertThat(device.awaitReadable(LIVENESS)).isTrue();
        assertThat(device.rotateZbuf().rotated()).isTrue();
    }

    /** Waits that outlast any test: a long one, and one too long to count in nanoseconds, a wait without end. */
    static List<Duration> longWaits() {
        return List.of(LIVENESS.multipliedBy(10), ChronoUnit.FOREVER.getDuration());
    }

    @ParameterizedTest(name = "waiting {0}")
    @MethodSource("longWaits")
    void closeWakesAWaiter(Duration wait) throws Exception {
        String name = newInterface("synthetic:rate=1");
        Device device = open();
        lend(device, 16);
        device.setInterface(name);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                device.awaitReadable(wait);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(100); // let the waiter block; if it has not yet, it must fail all the same
        device.close();
        assertThat(waiter.get(LIVENESS.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(DeviceClosedException.class);
    }

    // ---------------------------------------------------------------- conservation and fidelity

    @Test
    void overloadDropsButConservesEveryPacket() throws Exception {
        int packets = 2000;
        String name = newInterface("synthetic:count=" + packets + ",size=200");
        Device device = open();
        BpfZbuf zbuf = lend(device, 1);
        device.setInterface(name);
        awaitReceived(device, packets);

        List<Integer> sequences = new ArrayList<>();
        drain(device, new ZbufConsumer(zbuf, TimestampFormat.MICROTIME), held -> { }, sequences);
        BpfStats stats = device.stats();
        assertThat(stats.dropped()).isPositive();
        assertConserved(stats, packets, sequences);
    }

    @Test
    void aConcurrentReaderConservesEveryPacket() throws Exception {
        int packets = 20_000;
        String name = newInterface("synthetic:count=" + packets + ",sizes=64/512/1500");
        List<Integer> sequences = new ArrayList<>(packets);
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder()
                .interfaceName(name).bufferSize(8 * 4096).readTimeout(Duration.ofMillis(10)).build())) {
            try {
                while (true) {
                    capture.dispatch(record -> sequences.add(sequence(record)), LIVENESS);
                }
            } catch (InterfaceGoneException expected) {
                assertConserved(capture.stats(), packets, sequences);
            }
        }
    }

    /**
     * Sources for the tests of handlers that stop early: a synthetic one sending as fast as it can, which overruns
     * small buffers (so some packets are dropped), and a replay, which waits for the reader (so none is).
     */
    static List<Arguments> stoppingSources() {
        return List.of(Arguments.of("synthetic:count=3000,size=200", 3000, 1L),
            Arguments.of("pcap:" + TestCaptures.loopbackUdpSizes(), 400, 2L));
    }

    /** A capture with two 4-page buffers on a new interface fed by {@code source}. */
    private ZbufCapture openSmall(String source) throws Exception {
        return ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName(newInterface(source)).bufferSize(4 * 4096)
            .readTimeout(Duration.ofMillis(10)).build());
    }

    /** Handlers that throw at random records (seeded): accepted = delivered + dropped, in order, once each. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stoppingSources")
    void aHandlerThatThrowsLosesNothingAndRepeatsNothing(String source, int packets, long seed) throws Exception {
        Random random = new Random(seed);
        List<Integer> sequences = new ArrayList<>(packets);
        int thrown = 0;
        try (ZbufCapture capture = openSmall(source)) {
            while (true) {
                try {
                    capture.dispatch(record -> {
                        sequences.add(sequence(record));
                        if (random.nextInt(10) == 0) {
                            throw new IllegalStateException("handler failed");
                        }
                    }, LIVENESS);
                } catch (IllegalStateException expected) {
                    thrown++;
                } catch (InterfaceGoneException expected) {
                    break;
                }
            }
            assertThat(thrown).as("handlers threw").isPositive();
            assertConserved(capture.stats(), packets, sequences);
        }
    }

    /** Handlers that break after or abort at random records: the next dispatch resumes where the last stopped. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stoppingSources")
    void aHandlerThatStopsEarlyLosesNothingAndRepeatsNothing(String source, int packets, long seed) throws Exception {
        Random random = new Random(seed);
        List<Integer> sequences = new ArrayList<>(packets);
        ControlledRecordHandler handler = record -> {
            int choice = random.nextInt(10);
            if (choice == 0) {
                return ControlledRecordHandler.Action.ABORT;
            }
            sequences.add(sequence(record));
            return choice == 1 ? ControlledRecordHandler.Action.BREAK : ControlledRecordHandler.Action.CONTINUE;
        };
        try (ZbufCapture capture = openSmall(source)) {
            try {
                while (true) {
                    if (random.nextBoolean() || capture.controlledPoll(handler) == 0) {
                        capture.controlledDispatch(handler, LIVENESS);
                    }
                }
            } catch (InterfaceGoneException expected) {
                assertConserved(capture.stats(), packets, sequences);
            }
        }
    }

    /** BPF has no snap length ioctl: the capture installs it as the filter's return, and bounds a filter's. */
    @ParameterizedTest(name = "filter {0}")
    @ValueSource(booleans = {false, true})
    void theSnapLengthCutsEveryPacket(boolean acceptWholeFilter) throws Exception {
        int packets = 50;
        String name = newInterface("synthetic:count=" + packets + ",size=1000");
        List<String> lengths = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        CaptureConfig.Builder config = CaptureConfig.builder().interfaceName(name).snapLength(100).readTimeout(Duration.ofMillis(10));
        if (acceptWholeFilter) {
            config.filter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, -1))));
        }
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), config.build())) {
            assertThat(capture.snapLength()).isEqualTo(100);
            try {
                while (true) {
                    capture.dispatch(record -> {
                        lengths.add(record.caplen() + "/" + record.datalen());
                        sequences.add(sequence(record));
                    }, LIVENESS);
                }
            } catch (InterfaceGoneException expected) {
                assertConserved(capture.stats(), packets, sequences);
            }
        }
        assertThat(lengths).hasSize(packets).containsOnly("100/1000");
    }

    @Test
    void promiscuousModeIsEnteredAfterAttaching() throws Exception {
        String name = newInterface("synthetic:count=5,size=100");
        List<Integer> sequences = new ArrayList<>();
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName(name).promiscuous(true)
                .readTimeout(Duration.ofMillis(10)).build())) {
            assertThat(capture.promiscuousFailure()).isEmpty();
            drainCapture(capture, sequences);
            assertConserved(capture.stats(), 5, sequences);
        }
    }

    @Test
    void replayDeliversTheFileAsItIs() throws Exception {
        String name = newInterface("pcap:" + TestCaptures.path("smtp.pcap"));
        List<String> captured = new ArrayList<>();
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder()
                .interfaceName(name).readTimeout(Duration.ofMillis(10))
                .timestampType(TimestampType.of(TimestampFormat.NANOTIME)).build())) {
            assertThatThrownBy(() -> {
                while (true) {
                    capture.dispatch(record -> captured.add(describe(record)), LIVENESS);
                }
            }).isInstanceOf(InterfaceGoneException.class);
        }
        assertThat(captured).containsExactlyElementsOf(readAll(TestCaptures.path("smtp.pcap")));
    }

    /**
     * A filter expression is compiled for the interface's link type and installed with BIOCSETF: of the synthetic
     * source's numbered UDP packets (20000 a second, so most are sent after the open), only the even ones
     * arrive; those sent before the compiled program replaced the reject-all one that guards the attach are not
     * captured.
     */
    @Test
    void aFilterExpressionKeepsOnlyTheMatchingPackets() throws Exception {
        int packets = 2000;
        String name = newInterface("synthetic:count=" + packets + ",size=100,rate=20000");
        List<Integer> sequences = new ArrayList<>();
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder()
                .interfaceName(name).readTimeout(Duration.ofMillis(10)).filterExpression("udp and udp[8:4] & 1 = 0").build())) {
            try {
                while (true) {
                    capture.dispatch(record -> sequences.add(sequence(record)), LIVENESS);
                }
            } catch (InterfaceGoneException expected) {
                assertThat(capture.stats().received()).isGreaterThanOrEqualTo(sequences.size());
            }
        }
        assertThat(sequences).isNotEmpty().allMatch(sequence -> sequence % 2 == 0);
        assertThat(sequences.get(sequences.size() - 1)).isEqualTo(packets - 2);
    }

    /** A bad filter expression fails the open with the compiler's message; the device is closed. */
    @Test
    void aBadFilterExpressionFailsTheOpen() throws Exception {
        String name = newInterface("synthetic:count=5,size=100");
        assertThatThrownBy(() -> ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName(name)
                .filterExpression("tcp port http2").build()))
            .isInstanceOf(FilterSyntaxException.class)
            .hasMessage("expected a port number after 'port' at column 10: 'http2'");
    }

    @Test
    void aReplayWaitsForASlowReaderInsteadOfDropping() throws Exception {
        String name = newInterface("pcap:" + TestCaptures.path("lo-udp-sizes.pcap"));
        List<Integer> sizes = new ArrayList<>();
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder()
                .interfaceName(name).bufferSize(16 * 4096).readTimeout(Duration.ofMillis(10)).build())) {
            try {
                while (true) {
                    capture.dispatch(record -> sizes.add(record.caplen()), LIVENESS);
                    Thread.sleep(2); // a reader slower than the kernel: a live source would overrun it
                }
            } catch (InterfaceGoneException expected) {
                assertThat(capture.stats().dropped()).isZero();
                assertThat(capture.stats().received()).isEqualTo(sizes.size());
            }
        }
        assertThat(sizes).hasSize(400);
    }

    @Test
    void everyDescriptorOnAnInterfaceSeesEveryPacket() throws Exception {
        int packets = 300;
        String name = newInterface("synthetic:count=" + packets + ",size=100,rate=3000");
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        try (ZbufCapture one = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName(name).readTimeout(Duration.ofMillis(10)).build());
             ZbufCapture two = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName(name).readTimeout(Duration.ofMillis(10)).build())) {
            drainCapture(one, first);
            drainCapture(two, second);
        }
        assertThat(first).hasSize(packets);
        assertThat(second).isNotEmpty();
        assertThat(second).as("a descriptor attached later sees the rest, in order").isEqualTo(first.subList(packets - second.size(), packets));
    }

    // ---------------------------------------------------------------- helpers

    /** The backend of the test. */
    protected final Backend backend() {
        return backend;
    }

    /** Creates an interface with a fresh name. */
    protected final String newInterface(String source) throws Exception {
        String name = "ct" + INTERFACES.incrementAndGet();
        createInterface(backend, name, source);
        return name;
    }

    /** Opens a descriptor that is closed after the test. */
    protected final Device open() throws BpfException {
        Device device = backend.open();
        opened.add(device);
        return device;
    }

    /** Zero-copy mode and two buffers of {@code pages} pages lent to the kernel. */
    protected static BpfZbuf lend(Device device, int pages) throws BpfException {
        device.setBufferMode(BufferMode.ZBUF);
        int length = pages * pageSize(device);
        BpfZbuf zbuf = new BpfZbuf(device.bufferMemory().allocate(length), device.bufferMemory().allocate(length), length);
        device.setZbuf(zbuf);
        return zbuf;
    }

    private static int pageSize(Device device) {
        return device.bufferMemory().pageSize();
    }

    /** Waits, boundedly, until the descriptor has received {@code packets} packets. */
    protected static void awaitReceived(Device device, long packets) throws Exception {
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        while (device.stats().received() < packets) {
            assertThat(System.nanoTime() - deadline).as("received %d packets in time", packets).isNegative();
            Thread.sleep(1);
        }
    }

    /** Reads every buffer until nothing is left after the source ended, libpcap-style. */
    private static void drain(Device device, ZbufConsumer consumer, java.util.function.Consumer<HeldBuffer> seen, List<Integer> sequences) throws Exception {
        while (true) {
            HeldBuffer held = consumer.poll();
            if (held == null) {
                try {
                    if (!device.awaitReadable(LIVENESS)) {
                        continue;
                    }
                } catch (InterfaceGoneException gone) {
                    return;
                }
                device.rotateZbuf();
                held = consumer.poll();
                if (held == null) {
                    continue;
                }
            }
            seen.accept(held);
            held.forEach(record -> sequences.add(sequence(record)));
            held.acknowledge();
        }
    }

    private static void drainCapture(ZbufCapture capture, List<Integer> sequences) throws Exception {
        try {
            while (true) {
                capture.dispatch(record -> sequences.add(sequence(record)), LIVENESS);
            }
        } catch (InterfaceGoneException expected) {
            // the source ran out and everything was delivered
        }
    }

    private static int sequence(BpfRecord record) {
        return record.intAt(SEQUENCE_OFFSET);
    }

    /** received == delivered + dropped, and the delivered packets are in order with no duplicate. */
    private static void assertConserved(BpfStats stats, long sent, List<Integer> sequences) {
        assertThat(stats.received()).as("received").isEqualTo(sent);
        assertThat(sequences.size() + stats.dropped()).as("delivered + dropped").isEqualTo(sent);
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("sequence after %d", sequences.get(i - 1)).isGreaterThan(sequences.get(i - 1));
        }
    }

    private static String describe(BpfRecord record) {
        ByteBuffer bytes = ByteBuffer.allocate(record.caplen());
        record.copyPacketTo(bytes);
        return record.epochNanos() + " " + record.caplen() + "/" + record.datalen() + " " + java.util.HexFormat.of().formatHex(bytes.array());
    }

    private static List<String> readAll(java.nio.file.Path file) throws Exception {
        List<String> packets = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file)) {
            Packet packet = new Packet(1);
            while (reader.next(packet)) {
                ByteBuffer bytes = packet.fragment(0).duplicate();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                packets.add(packet.timestampNanos() + " " + packet.length() + "/" + packet.wireLength() + " " + java.util.HexFormat.of().formatHex(copy));
            }
        }
        return packets;
    }

    private static void assertErrno(Errno errno, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(BpfException.class).extracting(e -> ((BpfException) e).errno()).isEqualTo(errno);
    }
}
