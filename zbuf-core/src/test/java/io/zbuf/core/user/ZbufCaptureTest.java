package io.zbuf.core.user;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.core.user.ControlledRecordHandler.Action;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.KernelGoneException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class ZbufCaptureTest {
    private static final int PAGE = 4096;
    private static final long ZMAX = 512L * PAGE;
    /** A wait within one {@link ZbufCapture#WAKE_SLICE}: passed on to the device as it is. */
    private static final Duration WAIT = Duration.ofMillis(50);
    private static final BpfProgram FILTER = new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 96)));
    private static final CaptureConfig CONFIG = CaptureConfig.builder().interfaceName("em0").bufferSize(2 * PAGE)
        .immediate(true).readTimeout(Duration.ofMillis(20)).timestampType(TimestampType.of(TimestampFormat.NANOTIME))
        .filter(FILTER).promiscuous(true).build();

    private final Device device = mock(Device.class);
    private final BufferMemory memory = mock(BufferMemory.class);
    private final TestZbufWriter kernel = new TestZbufWriter(2 * PAGE);

    @BeforeEach
    void lendTheWritersBuffers() throws BpfException {
        when(device.bufferMemory()).thenReturn(memory);
        when(device.zmax()).thenReturn(ZMAX);
        when(device.linkType()).thenReturn(LinkType.EN10MB);
        when(memory.pageSize()).thenReturn(PAGE);
        when(memory.allocate(2 * PAGE)).thenReturn(kernel.zbuf.bufA(), kernel.zbuf.bufB());
    }

    private ZbufCapture openAndForget() throws BpfException {
        ZbufCapture capture = ZbufCapture.open(device, CONFIG);
        clearInvocations(device, memory);
        return capture;
    }

    @Test
    void openPerformsLibpcapsIoctlSequenceWithTheInterfaceLast() throws BpfException {
        ZbufCapture capture = ZbufCapture.open(device, CONFIG);

        InOrder order = inOrder(device, memory);
        order.verify(device).setBufferMode(BufferMode.ZBUF);
        order.verify(device).zmax();
        order.verify(memory, times(2)).allocate(2 * PAGE);
        order.verify(device).setZbuf(new BpfZbuf(kernel.zbuf.bufA(), kernel.zbuf.bufB(), 2 * PAGE));
        order.verify(device).setImmediate(true);
        order.verify(device).setReadTimeout(Duration.ofMillis(20));
        order.verify(device).setTimestampType(TimestampType.of(TimestampFormat.NANOTIME));
        order.verify(device).setFilter(FILTER);
        order.verify(device).setInterface("em0");
        order.verify(device).setPromiscuous();
        order.verify(device).linkType();
        verify(device, never()).close();
        assertThat(capture.linkType()).isEqualTo(LinkType.EN10MB);
        assertThat(capture.snapLength()).isEqualTo(CaptureConfig.DEFAULT_SNAP_LENGTH);
        assertThat(capture.promiscuousFailure()).isEmpty();
        assertThat(capture.bufferSize()).isEqualTo(2 * PAGE);
        assertThat(capture.timestampType()).isEqualTo(TimestampType.of(TimestampFormat.NANOTIME));
        assertThat(capture.buffersReceived()).isZero();
    }

    @Test
    void openZeroesTheHeadersOfTheLentBuffers() throws BpfException {
        kernel.generations(ZbufId.A, 7, 3);
        kernel.generations(ZbufId.B, 9, 9);
        kernel.putInt(ZbufId.B, ZbufHeader.PADDING_OFFSET + 16, -1);
        ArgumentCaptor<BpfZbuf> lent = ArgumentCaptor.forClass(BpfZbuf.class);

        ZbufCapture.open(device, CONFIG);

        verify(device).setZbuf(lent.capture());
        for (ZbufId id : ZbufId.values()) {
            for (int offset = 0; offset < ZbufHeader.LENGTH; offset += 4) {
                assertThat(kernel.view(id).getInt(offset)).as("buffer %s offset %d", id, offset).isZero();
            }
        }
        assertThat(lent.getValue().bufLen()).isEqualTo(2 * PAGE);
    }

    @ParameterizedTest(name = "requested {0}, zmax {1}, page {2} -> {3}")
    @CsvSource({
        "524288, 2097152, 4096, 524288",
        "33, 2097152, 4096, 4096",
        "4096, 2097152, 4096, 4096",
        "4097, 2097152, 4096, 8192",
        "1073741824, 2097152, 4096, 2097152",
        "3000000, 2100000, 4096, 2097152",
        "3000000, 4096, 4096, 4096",
        "100000, 2097152, 16384, 114688",
        "1073741824, 9223372036854775807, 4096, 1073741824",
    })
    void theBufferLengthIsTheRequestRoundedUpToPagesAndCappedAtZmax(int requested, long zmax, int page, int expected)
        throws BpfException {
        assertThat(ZbufCapture.bufferLength(requested, zmax, page)).isEqualTo(expected);
    }

    @Test
    void openAllocatesTheSizedBuffers() throws BpfException {
        when(device.zmax()).thenReturn(2L * PAGE + 100);
        CaptureConfig large = CaptureConfig.builder().interfaceName("em0").bufferSize(3 * PAGE).build();

        ZbufCapture capture = ZbufCapture.open(device, large);

        verify(memory, times(2)).allocate(2 * PAGE);
        assertThat(capture.bufferSize()).isEqualTo(2 * PAGE);
        assertThat(capture.timestampType()).isEqualTo(TimestampType.DEFAULT);
        verify(device).setImmediate(false);
        verify(device).setReadTimeout(CaptureConfig.DEFAULT_READ_TIMEOUT);
        verify(device).setFilter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, CaptureConfig.DEFAULT_SNAP_LENGTH))));
        verify(device, never()).setPromiscuous();
        assertThat(capture.promiscuousFailure()).isEmpty();
    }

    @Test
    void theSnapLengthBoundsTheFilterAsLibpcapInstallsIt() throws BpfException {
        ZbufCapture withoutFilter = ZbufCapture.open(device, CaptureConfig.builder().interfaceName("em0").bufferSize(2 * PAGE).snapLength(68).build());
        ZbufCapture withFilter = ZbufCapture.open(device, CaptureConfig.builder().interfaceName("em0").bufferSize(2 * PAGE).snapLength(68)
            .filter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, -1)))).build());

        verify(device, times(2)).setFilter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 68))));
        assertThat(withoutFilter.snapLength()).isEqualTo(68);
        assertThat(withFilter.snapLength()).isEqualTo(68);
    }

    @Test
    void aDeviceThatRefusesPromiscuousModeIsAWarningAsInLibpcap() throws Exception {
        BpfException refused = new BpfException(Errno.EINVAL, "BIOCPROMISC: the interface cannot");
        doThrow(refused).when(device).setPromiscuous();

        ZbufCapture capture = ZbufCapture.open(device, CONFIG);

        assertThat(capture.promiscuousFailure()).containsSame(refused);
        verify(device).linkType();
        verify(device, never()).close();
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.handOver(ZbufId.A);
        assertThat(capture.dispatch(record -> { }, WAIT)).as("the capture runs").isOne();
    }

    @Test
    void aZmaxBelowOnePageIsRefusedAndTheDeviceClosed() throws BpfException {
        when(device.zmax()).thenReturn(PAGE - 1L);

        assertThatThrownBy(() -> ZbufCapture.open(device, CONFIG)).isInstanceOfSatisfying(BpfException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.getMessage()).isEqualTo("BIOCGETZMAX: the kernel accepts at most 4095 bytes per buffer, less than one"
                + " page of 4096 (EINVAL)");
        });
        verify(device).close();
        verify(memory, never()).allocate(any(int.class));
    }

    /** Each step of open that can fail, and the errno FreeBSD would fail it with. */
    enum Step {
        SET_BUFFER_MODE(Errno.EINVAL), ZMAX(Errno.EOPNOTSUPP), ALLOCATE_A(Errno.ENOMEM), ALLOCATE_B(Errno.ENOMEM),
        SET_ZBUF(Errno.EFAULT), SET_IMMEDIATE(Errno.EINVAL), SET_READ_TIMEOUT(Errno.EINVAL), SET_TIMESTAMP_TYPE(Errno.EINVAL),
        SET_FILTER(Errno.EINVAL), SET_INTERFACE(Errno.ENXIO), LINK_TYPE(Errno.EINVAL);

        final Errno errno;

        Step(Errno errno) {
            this.errno = errno;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Step.class)
    void aFailingStepClosesTheDeviceAndPropagatesItsException(Step step) throws Exception {
        BpfException failure = new BpfException(step.errno, step.name());
        switch (step) {
            case SET_BUFFER_MODE -> doThrow(failure).when(device).setBufferMode(BufferMode.ZBUF);
            case ZMAX -> when(device.zmax()).thenThrow(failure);
            case ALLOCATE_A -> when(memory.allocate(2 * PAGE)).thenThrow(failure);
            case ALLOCATE_B -> when(memory.allocate(2 * PAGE)).thenReturn(kernel.zbuf.bufA()).thenThrow(failure);
            case SET_ZBUF -> doThrow(failure).when(device).setZbuf(any());
            case SET_IMMEDIATE -> doThrow(failure).when(device).setImmediate(true);
            case SET_READ_TIMEOUT -> doThrow(failure).when(device).setReadTimeout(any());
            case SET_TIMESTAMP_TYPE -> doThrow(failure).when(device).setTimestampType(any());
            case SET_FILTER -> doThrow(failure).when(device).setFilter(any());
            case SET_INTERFACE -> doThrow(failure).when(device).setInterface("em0");
            case LINK_TYPE -> when(device.linkType()).thenThrow(failure);
        }

        assertThatThrownBy(() -> ZbufCapture.open(device, CONFIG)).isSameAs(failure)
            .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(step.errno));

        verify(device).close();
        if (step.compareTo(Step.SET_INTERFACE) < 0) {
            verify(device, never()).setInterface(any());
        }
        if (step.compareTo(Step.SET_ZBUF) < 0) {
            verify(device, never()).setZbuf(any());
        }
    }

    @Test
    void aFailingCloseDoesNotHideTheFailureOfOpen() throws BpfException {
        BpfException failure = new BpfException(Errno.ENXIO, "BIOCSETIF: no interface em0");
        IllegalStateException closeFailure = new IllegalStateException("close failed");
        doThrow(failure).when(device).setInterface("em0");
        doThrow(closeFailure).when(device).close();

        assertThatThrownBy(() -> ZbufCapture.open(device, CONFIG)).isSameAs(failure).hasSuppressedException(closeFailure);
    }

    @Test
    void aBufferTheUserSideCannotUseClosesTheDeviceToo() throws BpfException {
        when(memory.allocate(2 * PAGE)).thenReturn(ByteBuffer.allocate(2 * PAGE));

        assertThatThrownBy(() -> ZbufCapture.open(device, CONFIG)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("must be a direct ByteBuffer");
        verify(device).close();
        verify(device, never()).setZbuf(any());
    }

    @Test
    void underLoadDispatchMakesNoDeviceCallAtAll() throws Exception {
        ZbufCapture capture = openAndForget();
        List<Integer> caplens = new ArrayList<>();

        for (int round = 0; round < 10; round++) {
            ZbufId id = round % 2 == 0 ? ZbufId.A : ZbufId.B;
            kernel.record(id, TestZbufWriter.packet(40 + round, round));
            kernel.record(id, TestZbufWriter.packet(60, round));
            kernel.handOver(id);
            assertThat(capture.dispatch(record -> caplens.add(record.caplen()), WAIT)).isEqualTo(2);
            assertThat(kernel.kernelOwns(id)).isTrue();
        }

        verifyNoMoreInteractions(device, memory);
        assertThat(capture.buffersReceived()).isEqualTo(10);
        assertThat(caplens).hasSize(20).startsWith(40, 60, 41, 60);
    }

    @Test
    void pollTakesTheHandedOverBufferAndOtherwiseReturnsZeroWithoutAnyDeviceCall() throws Exception {
        ZbufCapture capture = openAndForget();
        List<Integer> caplens = new ArrayList<>();

        assertThat(capture.poll(record -> caplens.add(record.caplen()))).isZero();
        kernel.record(ZbufId.A, TestZbufWriter.packet(40, 1));
        kernel.handOver(ZbufId.A);
        assertThat(capture.poll(record -> caplens.add(record.caplen()))).isOne();
        assertThat(capture.poll(record -> caplens.add(record.caplen()))).as("B is still the kernel's").isZero();

        assertThat(caplens).containsExactly(40);
        assertThat(kernel.kernelOwns(ZbufId.A)).as("acknowledged").isTrue();
        assertThat(capture.buffersReceived()).isOne();
        verifyNoMoreInteractions(device, memory);
    }

    @Test
    void pollOnAClosedCaptureFailsTyped() throws Exception {
        ZbufCapture capture = openAndForget();
        kernel.handOver(ZbufId.A);
        capture.close();

        assertThatThrownBy(() -> capture.poll(record -> { })).isInstanceOfSatisfying(DeviceClosedException.class,
            e -> assertThat(e.getMessage()).contains("poll"));
        assertThatThrownBy(() -> capture.poll(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> capture.controlledPoll(record -> Action.CONTINUE)).isInstanceOf(DeviceClosedException.class);
        assertThatThrownBy(() -> capture.controlledDispatch(record -> Action.CONTINUE, WAIT))
            .isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void withNothingHandedOverDispatchWaitsThenRotatesAndReturnsZero() throws Exception {
        ZbufCapture capture = openAndForget();

        assertThat(capture.dispatch(record -> {
            throw new AssertionError();
        }, WAIT)).isZero();

        InOrder order = inOrder(device);
        order.verify(device).awaitReadable(WAIT);
        order.verify(device).rotateZbuf();
        verifyNoMoreInteractions(device);
        assertThat(capture.buffersReceived()).isZero();
    }

    /** FreeBSD's BIOCROTZBUF stall (deviations.md 1): readable, yet a rotation brings nothing, again and again. */
    @Test
    void afterAStallTheReaderSleepsAndAsksAgainInsteadOfWaitingOnADeviceThatSaysReadable() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(any())).thenReturn(true);
        when(device.rotateZbuf()).thenReturn(Rotation.NONE);

        for (int i = 0; i < 3; i++) {
            assertThat(capture.dispatch(record -> { }, WAIT)).isZero();
        }

        InOrder order = inOrder(device);
        order.verify(device).awaitReadable(WAIT);
        order.verify(device).rotateZbuf();
        order.verify(device).awaitReadable(Duration.ZERO);
        order.verify(device).rotateZbuf();
        order.verify(device).awaitReadable(Duration.ZERO);
        order.verify(device).rotateZbuf();
        verifyNoMoreInteractions(device);
    }

    @Test
    void thePauseAfterAStallSleepsInterruptibly() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(any())).thenReturn(true);
        when(device.rotateZbuf()).thenReturn(Rotation.NONE);
        capture.dispatch(record -> { }, WAIT);

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isInstanceOf(InterruptedException.class);

        verify(device, never()).awaitReadable(Duration.ZERO);
    }

    @Test
    void aStallEndsWhenTheDeviceStopsSayingReadable() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(WAIT)).thenReturn(true, false);
        when(device.awaitReadable(Duration.ZERO)).thenReturn(false);

        for (int i = 0; i < 3; i++) {
            capture.dispatch(record -> { }, WAIT);
        }

        InOrder order = inOrder(device);
        order.verify(device).awaitReadable(WAIT);
        order.verify(device).awaitReadable(Duration.ZERO);
        order.verify(device).awaitReadable(WAIT);
        verify(device, times(3)).rotateZbuf();
    }

    @Test
    void aStallEndsWithTheBufferThatComes() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(any())).thenReturn(true);
        when(device.rotateZbuf()).thenReturn(Rotation.NONE).thenAnswer(invocation -> {
            kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
            kernel.handOver(ZbufId.A);
            return new Rotation(ZbufId.A, 28);
        }).thenReturn(Rotation.NONE);

        assertThat(capture.dispatch(record -> { }, WAIT)).isZero();
        assertThat(capture.dispatch(record -> { }, WAIT)).isOne();
        assertThat(capture.dispatch(record -> { }, WAIT)).isZero();

        InOrder order = inOrder(device);
        order.verify(device).awaitReadable(WAIT);
        order.verify(device).awaitReadable(Duration.ZERO);
        order.verify(device).awaitReadable(WAIT);
    }

    @Test
    void aBufferHandedOverWhileWaitingIsTakenWithoutRotating() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(WAIT)).thenAnswer(invocation -> {
            kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
            kernel.handOver(ZbufId.A);
            return true;
        });

        assertThat(capture.dispatch(record -> { }, WAIT)).isOne();

        verify(device).awaitReadable(WAIT);
        verifyNoMoreInteractions(device);
        assertThat(capture.buffersReceived()).isOne();
    }

    @Test
    void aBufferHandedOverByTheRotationIsTaken() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.rotateZbuf()).thenAnswer(invocation -> {
            kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
            kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
            return new Rotation(ZbufId.A, kernel.handOver(ZbufId.A));
        });

        assertThat(capture.dispatch(record -> { }, WAIT)).isEqualTo(2);

        InOrder order = inOrder(device);
        order.verify(device).awaitReadable(WAIT);
        order.verify(device).rotateZbuf();
        verifyNoMoreInteractions(device);
    }

    @Test
    void aZeroWaitNeverBlocksItOnlyRotates() throws Exception {
        ZbufCapture capture = openAndForget();

        assertThat(capture.dispatch(record -> { }, Duration.ZERO)).isZero();

        verify(device).rotateZbuf();
        verifyNoMoreInteractions(device);
    }

    /** Records of 10, 11, ... bytes in {@code id}, handed over: the caplen tells them apart. */
    private void handOverRecords(ZbufId id, int first, int count) {
        for (int i = first; i < first + count; i++) {
            kernel.record(id, TestZbufWriter.packet(10 + i, i));
        }
        kernel.handOver(id);
    }

    @Test
    void aHandlerThatThrowsLosesNothingTheNextDispatchResumesAfterItsRecord() throws Exception {
        ZbufCapture capture = openAndForget();
        handOverRecords(ZbufId.A, 0, 5);
        List<Integer> delivered = new ArrayList<>();

        assertThatThrownBy(() -> capture.dispatch(record -> {
            delivered.add(record.caplen());
            if (record.caplen() == 12) {
                throw new IllegalStateException("handler failed");
            }
        }, WAIT)).hasMessage("handler failed");

        assertThat(kernel.kernelOwns(ZbufId.A)).as("records are left: A is still held").isFalse();
        assertThat(capture.buffersReceived()).as("A counts from the start of its walk").isOne();
        handOverRecords(ZbufId.B, 5, 1);
        assertThat(capture.dispatch(record -> delivered.add(record.caplen()), WAIT)).isEqualTo(2);
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        assertThat(capture.dispatch(record -> delivered.add(record.caplen()), WAIT)).isOne();

        assertThat(delivered).containsExactly(10, 11, 12, 13, 14, 15);
        assertThat(capture.buffersReceived()).isEqualTo(2);
        verifyNoMoreInteractions(device);
    }

    @Test
    void aHandlerThatThrowsOnTheLastRecordHandsTheBufferBack() throws Exception {
        ZbufCapture capture = openAndForget();
        handOverRecords(ZbufId.A, 0, 2);

        assertThatThrownBy(() -> capture.poll(record -> {
            if (record.caplen() == 11) {
                throw new IllegalStateException("handler failed");
            }
        })).hasMessage("handler failed");

        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        assertThat(capture.buffersReceived()).isOne();
        assertThat(capture.poll(record -> { })).as("B is the kernel's").isZero();
    }

    @Test
    void aBadTimestampThrownFromTheHandlerIsTheHandlersFailureTheBufferGoesOn() throws Exception {
        ZbufCapture capture = openAndForget();
        kernel.record(ZbufId.A, 26, TestZbufWriter.packet(10, 0), 10, 1, 1_000_000_000L);
        kernel.record(ZbufId.A, TestZbufWriter.packet(11, 1));
        kernel.handOver(ZbufId.A);

        assertThatThrownBy(() -> capture.dispatch(record -> record.epochNanos(), WAIT))
            .isInstanceOf(io.zbuf.spi.CorruptBufferException.class).hasMessageContaining("nanoseconds 1000000000");
        assertThat(capture.dispatch(record -> assertThat(record.caplen()).isEqualTo(11), WAIT)).isOne();
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
    }

    @Test
    void aRecordThatCannotBeFramedEndsItsBufferWhichGoesBack() throws Exception {
        ZbufCapture capture = openAndForget();
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 0));
        kernel.record(ZbufId.A, 25, TestZbufWriter.packet(0, 1), 4, 0, 0);
        kernel.handOver(ZbufId.A);
        handOverRecords(ZbufId.B, 1, 1);
        List<Integer> delivered = new ArrayList<>();

        assertThatThrownBy(() -> capture.dispatch(record -> delivered.add(record.caplen()), WAIT))
            .isInstanceOf(io.zbuf.spi.CorruptBufferException.class).hasMessageContaining("record header runs past the end");
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        assertThat(capture.dispatch(record -> delivered.add(record.caplen()), WAIT)).isOne();

        assertThat(delivered).containsExactly(10, 11);
        assertThat(capture.buffersReceived()).isEqualTo(2);
    }

    @Test
    void aBreakStopsTheDispatchAndTheNextResumesInTheSameBufferWithoutADeviceCall() throws Exception {
        ZbufCapture capture = openAndForget();
        handOverRecords(ZbufId.A, 0, 4);
        List<Integer> delivered = new ArrayList<>();

        assertThat(capture.controlledDispatch(record -> {
            delivered.add(record.caplen());
            return record.caplen() == 11 ? Action.BREAK : Action.CONTINUE;
        }, WAIT)).isEqualTo(2);
        assertThat(kernel.kernelOwns(ZbufId.A)).isFalse();
        assertThat(capture.buffersReceived()).isOne();
        assertThat(capture.controlledPoll(record -> {
            delivered.add(record.caplen());
            return Action.BREAK;
        })).isOne();
        assertThat(capture.dispatch(record -> delivered.add(record.caplen()), Duration.ZERO)).isOne();

        assertThat(delivered).containsExactly(10, 11, 12, 13);
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        assertThat(capture.buffersReceived()).isOne();
        verifyNoMoreInteractions(device);
    }

    @Test
    void anAbortDeliversTheSameRecordAgainNextTime() throws Exception {
        ZbufCapture capture = openAndForget();
        handOverRecords(ZbufId.A, 0, 2);
        List<Integer> delivered = new ArrayList<>();

        assertThat(capture.controlledPoll(record -> {
            delivered.add(record.caplen());
            return record.caplen() == 11 ? Action.ABORT : Action.CONTINUE;
        })).isOne();
        assertThat(capture.controlledPoll(record -> {
            delivered.add(record.caplen());
            return Action.ABORT;
        })).isZero();
        assertThat(capture.controlledDispatch(record -> {
            delivered.add(record.caplen());
            return Action.CONTINUE;
        }, WAIT)).isOne();

        assertThat(delivered).containsExactly(10, 11, 11, 11);
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        verifyNoMoreInteractions(device);
    }

    @Test
    void controlledDispatchWaitsAndRotatesLikeDispatch() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.rotateZbuf()).thenAnswer(invocation -> {
            handOverRecords(ZbufId.A, 0, 1);
            return new Rotation(ZbufId.A, 40);
        });

        assertThat(capture.controlledDispatch(record -> Action.CONTINUE, WAIT)).isOne();

        InOrder order = inOrder(device);
        order.verify(device).awaitReadable(WAIT);
        order.verify(device).rotateZbuf();
        assertThat(capture.buffersReceived()).isOne();
    }

    /** Random throws, breaks and aborts over many buffers: every record once, in order, every buffer handed back. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomlyStoppingHandlersLoseAndRepeatNothing(long seed) throws Exception {
        ZbufCapture capture = openAndForget();
        java.util.Random random = new java.util.Random(seed);
        List<Integer> written = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        int buffers = 30;
        for (int buffer = 0; buffer < buffers; buffer++) {
            ZbufId id = buffer % 2 == 0 ? ZbufId.A : ZbufId.B;
            int records = random.nextInt(8);
            handOverRecords(id, written.size(), records);
            for (int i = 0; i < records; i++) {
                written.add(10 + written.size());
            }
            for (int calls = 0; !kernel.kernelOwns(id); calls++) {
                assertThat(calls).as("seed %d buffer %d", seed, buffer).isLessThan(100);
                try {
                    readOnce(capture, random, delivered);
                } catch (IllegalStateException expected) {
                    assertThat(expected).hasMessage("handler failed");
                }
            }
        }

        assertThat(delivered).as("seed %d", seed).isEqualTo(written);
        assertThat(capture.buffersReceived()).isEqualTo(buffers);
    }

    private static void readOnce(ZbufCapture capture, java.util.Random random, List<Integer> delivered) throws Exception {
        switch (random.nextInt(4)) {
            case 0 -> capture.dispatch(record -> {
                delivered.add(record.caplen());
                if (random.nextInt(3) == 0) {
                    throw new IllegalStateException("handler failed");
                }
            }, Duration.ZERO);
            case 1 -> capture.poll(record -> delivered.add(record.caplen()));
            default -> {
                ControlledRecordHandler handler = record -> {
                    Action action = Action.values()[random.nextInt(Action.values().length)];
                    if (action != Action.ABORT) {
                        delivered.add(record.caplen());
                    }
                    return action;
                };
                if (random.nextBoolean()) {
                    capture.controlledPoll(handler);
                } else {
                    capture.controlledDispatch(handler, Duration.ZERO);
                }
            }
        }
    }

    @Test
    void aHeldBufferIsDeliveredBeforeTheKernelsDeathSurfaces() throws Exception {
        ZbufCapture capture = openAndForget();
        KernelGoneException gone = new KernelGoneException("kernel daemon exited", null);
        when(device.awaitReadable(any())).thenThrow(gone);
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.handOver(ZbufId.A);

        assertThat(capture.dispatch(record -> { }, WAIT)).isOne();
        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isSameAs(gone);
        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isSameAs(gone);

        verify(device, times(2)).awaitReadable(WAIT);
        verifyNoMoreInteractions(device);
    }

    @Test
    void aBufferHandedOverJustBeforeTheDeviceFailedIsDeliveredAndTheFailureThrownNext() throws Exception {
        ZbufCapture capture = openAndForget();
        KernelGoneException gone = new KernelGoneException("kernel daemon exited", null);
        when(device.awaitReadable(WAIT)).thenAnswer(invocation -> {
            kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
            kernel.handOver(ZbufId.A);
            kernel.handOver(ZbufId.B);
            throw gone;
        });

        assertThat(capture.dispatch(record -> { }, WAIT)).isOne();
        assertThat(capture.dispatch(record -> { }, WAIT)).as("B was handed over too").isZero();
        assertThat(capture.buffersReceived()).isEqualTo(2);
        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isSameAs(gone);

        verify(device).awaitReadable(WAIT);
        verifyNoMoreInteractions(device);
    }

    @Test
    void aFailingRotationSurfacesWhenNoBufferIsThere() throws Exception {
        ZbufCapture capture = openAndForget();
        BpfException failure = new BpfException(Errno.EOPNOTSUPP, "BIOCROTZBUF: not in zero-copy mode");
        when(device.rotateZbuf()).thenThrow(failure);

        assertThatThrownBy(() -> capture.dispatch(record -> { }, Duration.ZERO)).isSameAs(failure);
    }

    @Test
    void aDeviceClosedWhileWaitingSurfacesTyped() throws Exception {
        ZbufCapture capture = openAndForget();
        DeviceClosedException closed = new DeviceClosedException("poll");
        when(device.awaitReadable(WAIT)).thenAnswer(invocation -> {
            kernel.handOver(ZbufId.A);
            throw closed;
        });

        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isSameAs(closed);
        verify(device, never()).rotateZbuf();
    }

    /** Closed from its own handler: the device closes only as the reader leaves, the walk reads from live buffers. */
    @Test
    void aCloseFromAHandlerClosesTheDeviceAsTheReaderLeaves() throws Exception {
        ZbufCapture capture = openAndForget();
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 2));
        kernel.handOver(ZbufId.A);
        List<Integer> seen = new ArrayList<>();
        assertThat(capture.dispatch(record -> {
            capture.close();
            verify(device, never()).close();
            seen.add(record.caplen());
        }, WAIT)).isEqualTo(2);
        verify(device).close();
        assertThat(seen).hasSize(2);
        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isInstanceOf(DeviceClosedException.class);
        assertThatThrownBy(() -> capture.poll(record -> { })).isInstanceOf(DeviceClosedException.class);
        capture.close();
        verify(device).close();
    }

    /**
     * A reader waiting longer than a slice waits in slices; a close from another thread is seen between two, the
     * reader gets DeviceClosedException, and only then is the device closed, once.
     */
    @Test
    void aCloseFromAnotherThreadWaitsForTheWaitingReaderThenClosesTheDevice() throws Exception {
        ZbufCapture capture = openAndForget();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean inDevice = new AtomicBoolean();
        AtomicBoolean closedUnderTheReader = new AtomicBoolean();
        when(device.awaitReadable(ZbufCapture.WAKE_SLICE)).thenAnswer(invocation -> {
            inDevice.set(true);
            waiting.countDown();
            Thread.sleep(5);
            inDevice.set(false);
            return false;
        });
        doAnswer(invocation -> {
            closedUnderTheReader.set(inDevice.get());
            return null;
        }).when(device).close();
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                capture.dispatch(record -> { }, Duration.ofHours(1));
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(waiting.await(20, TimeUnit.SECONDS)).isTrue();
        capture.close();
        verify(device).close();
        assertThat(closedUnderTheReader).as("closed only once the reader was out of its wait").isFalse();
        assertThat(reader.get(20, TimeUnit.SECONDS)).isInstanceOf(DeviceClosedException.class);
        verify(device, never()).rotateZbuf();
    }

    /** Closed from a handler of any of the four: the device closes only as the reader leaves. */
    @ParameterizedTest
    @ValueSource(strings = {"dispatch", "controlledDispatch", "poll", "controlledPoll"})
    void aCloseFromAHandlerOfAnyReadClosesTheDeviceAsTheReaderLeaves(String read) throws Exception {
        ZbufCapture capture = openAndForget();
        kernel.record(ZbufId.A, TestZbufWriter.packet(10, 1));
        kernel.handOver(ZbufId.A);
        boolean[] closedDuringTheWalk = new boolean[1];
        RecordHandler closing = record -> {
            capture.close();
            closedDuringTheWalk[0] = mockingDetails(device).getInvocations().stream()
                    .anyMatch(invocation -> invocation.getMethod().getName().equals("close"));
        };
        ControlledRecordHandler controlledClosing = record -> {
            closing.onRecord(record);
            return Action.CONTINUE;
        };
        int delivered = switch (read) {
            case "dispatch" -> capture.dispatch(closing, WAIT);
            case "controlledDispatch" -> capture.controlledDispatch(controlledClosing, WAIT);
            case "poll" -> capture.poll(closing);
            default -> capture.controlledPoll(controlledClosing);
        };
        assertThat(delivered).isOne();
        assertThat(closedDuringTheWalk[0]).as("not closed under the walk").isFalse();
        verify(device).close();
    }

    /** A wait the device answers with not readable is no stall: the next wait is a wait again, not a pause. */
    @ParameterizedTest
    @ValueSource(longs = {50, 250})
    void aWaitThatRanOutIsNoStall(long millis) throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.rotateZbuf()).thenReturn(Rotation.NONE);
        Duration wait = Duration.ofMillis(millis);
        capture.dispatch(record -> { }, wait);
        capture.dispatch(record -> { }, wait);
        verify(device, never()).awaitReadable(Duration.ZERO);
        verify(device, times(2)).rotateZbuf();
    }

    /** A wait of exactly one slice is passed on as it is. */
    @Test
    void aWaitOfOneSliceIsPassedOnAsItIs() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(ZbufCapture.WAKE_SLICE)).thenReturn(true);
        capture.dispatch(record -> { }, ZbufCapture.WAKE_SLICE);
        verify(device).awaitReadable(ZbufCapture.WAKE_SLICE);
    }

    /** A wait longer than a slice that runs out: slices up to the deadline, then the rotation as for any wait. */
    @Test
    void aLongWaitThatRunsOutWaitsInSlicesThenRotates() throws Exception {
        ZbufCapture capture = openAndForget();
        Duration wait = ZbufCapture.WAKE_SLICE.multipliedBy(2);
        assertThat(capture.dispatch(record -> { }, wait)).isZero();
        verify(device, atLeast(1)).awaitReadable(ZbufCapture.WAKE_SLICE);
        verify(device).rotateZbuf();
    }

    @Test
    void anInterruptWhileWaitingPropagates() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.awaitReadable(WAIT)).thenThrow(new InterruptedException("stop"));

        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isInstanceOf(InterruptedException.class);
        verify(device, never()).rotateZbuf();
    }

    @Test
    void closeClosesTheDeviceOnceAndDispatchThenFailsTyped() throws Exception {
        ZbufCapture capture = openAndForget();
        kernel.handOver(ZbufId.A);

        capture.close();
        capture.close();

        verify(device).close();
        assertThatThrownBy(() -> capture.dispatch(record -> { }, WAIT)).isInstanceOfSatisfying(DeviceClosedException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        assertThat(kernel.kernelOwns(ZbufId.A)).as("no access to released buffers").isFalse();
        verifyNoMoreInteractions(device);
    }

    @Test
    void statsComeFromTheDevice() throws Exception {
        ZbufCapture capture = openAndForget();
        when(device.stats()).thenReturn(new BpfStats(10, 3));

        assertThat(capture.stats()).isEqualTo(new BpfStats(10, 3));
    }

    @Test
    void nullArgumentsAreRefused() throws Exception {
        assertThatThrownBy(() -> ZbufCapture.open(null, CONFIG)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ZbufCapture.open(device, null)).isInstanceOf(NullPointerException.class);
        ZbufCapture capture = openAndForget();
        assertThatThrownBy(() -> capture.dispatch(null, WAIT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> capture.dispatch(record -> { }, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> capture.controlledDispatch(null, WAIT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> capture.controlledDispatch(record -> Action.CONTINUE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> capture.controlledPoll(null)).isInstanceOf(NullPointerException.class);
        verifyNoMoreInteractions(device);
    }
}
