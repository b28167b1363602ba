package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.freebsd.libc.BpfIoctl;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.NoSuchInterfaceException;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The device against a Mockito C library: what each ioctl copies in (the bytes at its argument, as the kernel
 * reads them), what it makes of what the kernel copies out, and every errno path.
 */
class FreeBsdDeviceTest {
    private static final int PAGE = 4096;

    private final BsdLibc libc = MockLibc.freeBsd(1);
    private final Map<Long, byte[]> copiedIn = new HashMap<>();
    private final Map<Long, Consumer<Pointer>> copyOut = new HashMap<>();
    private final List<Short> pollAnswers = new ArrayList<>();
    private final List<Integer> pollTimeouts = new ArrayList<>();
    private FreeBsdDevice device;

    @BeforeEach
    void openDevice() throws BpfException {
        doAnswer(call -> {
            long request = call.getArgument(1);
            Pointer argument = call.getArgument(2);
            int length = (int) (request >> 16 & BpfIoctl.IOCPARM_MASK);
            if ((request & BpfIoctl.IOC_IN) != 0) {
                copiedIn.put(request, argument.getByteArray(0, length));
            }
            if ((request & BpfIoctl.IOC_VOID) != 0) {
                copiedIn.put(request, argument == null ? new byte[0] : null);
            }
            Consumer<Pointer> out = copyOut.get(request);
            if (out != null) {
                out.accept(argument);
            }
            return 0;
        }).when(libc).ioctl(eq(MockLibc.FD), anyLong(), any());
        doAnswer(call -> {
            Pointer fds = call.getArgument(0);
            assertThat(fds.getInt(0)).isEqualTo(MockLibc.FD);
            assertThat(fds.getShort(4)).as("asks for POLLIN and POLLHUP").isEqualTo((short) (BsdLibc.POLLIN | BsdLibc.POLLHUP));
            pollTimeouts.add(call.getArgument(2));
            fds.setShort(6, pollAnswers.isEmpty() ? 0 : pollAnswers.remove(0));
            return 1;
        }).when(libc).poll(any(), eq(1), anyInt());
        device = FreeBsdDevice.open(libc);
    }

    @AfterEach
    void closeDevice() {
        device.close();
    }

    @Test
    void opensDevBpfReadWriteCloseOnExecWithPagesOfTheKernelsSize() {
        verify(libc).open("/dev/bpf", BsdLibc.O_RDWR | BsdLibc.O_CLOEXEC);
        assertThat(device.bufferMemory().pageSize()).isEqualTo(PAGE);
    }

    @Test
    void openWithoutPermissionIsEpermWithWhatToDo() {
        doThrow(new LastErrorException(Errno.EPERM.code())).when(libc).open(any(), anyInt());
        assertThatThrownBy(() -> FreeBsdDevice.open(libc))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM))
                .hasMessageStartingWith("open /dev/bpf: not permitted: run as root")
                .hasMessageContaining("devfs");
    }

    @Test
    void zbufModeWithTheSysctlOffIsEinvalNamingTheSysctl() {
        MockLibc.failIoctl(libc, BpfIoctl.BIOCSETBUFMODE, Errno.EINVAL);
        assertThatThrownBy(() -> device.setBufferMode(BufferMode.ZBUF))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("sysctl net.bpf.zerocopy_enable=1");
    }

    @Test
    void bufferModeTravelsAsAUint() throws BpfException {
        device.setBufferMode(BufferMode.ZBUF);
        assertThat(uint(copiedIn.get(BpfIoctl.BIOCSETBUFMODE.request()))).isEqualTo(2);
        copyOut.put(BpfIoctl.BIOCGETBUFMODE.request(), arg -> arg.setInt(0, 1));
        assertThat(device.bufferMode()).isEqualTo(BufferMode.BUFFER);
    }

    @Test
    void bufferModeOnceBuffersAreSetIsEbusy() {
        MockLibc.failIoctl(libc, BpfIoctl.BIOCSETBUFMODE, Errno.EBUSY);
        assertThatThrownBy(() -> device.setBufferMode(BufferMode.BUFFER))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY))
                .hasMessage("BIOCSETBUFMODE: the buffer mode can no longer change: buffers are set or an interface is attached (EBUSY)");
    }

    @Test
    void zmaxIsASizeT() throws BpfException {
        copyOut.put(BpfIoctl.BIOCGETZMAX.request(), arg -> arg.setLong(0, 0x1_0000_0000L));
        assertThat(device.zmax()).isEqualTo(0x1_0000_0000L);
    }

    @Test
    void setZbufPassesTheBuffersNativeAddressesAndLength() throws BpfException {
        ByteBuffer a = device.bufferMemory().allocate(2 * PAGE);
        ByteBuffer b = device.bufferMemory().allocate(2 * PAGE);
        device.setZbuf(new BpfZbuf(a, b, 2 * PAGE));
        ByteBuffer argument = ByteBuffer.wrap(copiedIn.get(BpfIoctl.BIOCSETZBUF.request())).order(ByteOrder.nativeOrder());
        assertThat(argument.getLong(0)).isEqualTo(address(a));
        assertThat(argument.getLong(8)).isEqualTo(address(b));
        assertThat(argument.getLong(16)).isEqualTo(2 * PAGE);
    }

    @Test
    void aNullBufferIsPassedAsNullForTheKernelToRefuse() throws BpfException {
        device.setZbuf(new BpfZbuf(null, ByteBuffer.allocateDirect(PAGE), PAGE));
        assertThat(ByteBuffer.wrap(copiedIn.get(BpfIoctl.BIOCSETZBUF.request())).order(ByteOrder.nativeOrder()).getLong(0)).isZero();
    }

    @Test
    void unwirableBuffersAreEfault() {
        MockLibc.failIoctl(libc, BpfIoctl.BIOCSETZBUF, Errno.EFAULT);
        assertThatThrownBy(() -> device.setZbuf(new BpfZbuf(ByteBuffer.allocateDirect(PAGE), ByteBuffer.allocateDirect(PAGE), PAGE)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessageContaining("cannot wire");
    }

    @Test
    void heapOrShortBuffersAreEfaultWithoutAskingTheKernel() {
        assertThatThrownBy(() -> device.setZbuf(new BpfZbuf(ByteBuffer.allocateDirect(PAGE), ByteBuffer.allocate(PAGE), PAGE)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessageContaining("buffer B is on the Java heap");
        assertThatThrownBy(() -> device.setZbuf(new BpfZbuf(ByteBuffer.allocateDirect(PAGE - 1), ByteBuffer.allocateDirect(PAGE), PAGE)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessageContaining("buffer A holds 4095 bytes, fewer than bz_buflen 4096");
        verify(libc, never()).ioctl(anyInt(), eq(BpfIoctl.BIOCSETZBUF.request()), any());
    }

    @Test
    void aShortBufferWithALengthTheKernelRefusesAnywayIsLeftToTheKernel() throws BpfException {
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        for (long length : new long[] {PAGE + 8, 513L * PAGE}) {
            device.setZbuf(new BpfZbuf(page, page, length));
            assertThat(ByteBuffer.wrap(copiedIn.get(BpfIoctl.BIOCSETZBUF.request())).order(ByteOrder.nativeOrder()).getLong(16)).isEqualTo(length);
        }
        assertThatThrownBy(() -> device.setZbuf(new BpfZbuf(page, page, 512L * PAGE)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    }

    @Test
    void setInterfaceCopiesTheNameNulTerminatedIntoAZeroedIfreq() throws BpfException {
        device.setInterface("vtnet0");
        byte[] ifreq = copiedIn.get(BpfIoctl.BIOCSETIF.request());
        assertThat(ifreq).hasSize(32);
        assertThat(new String(ifreq, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("vtnet0");
        for (int i = 6; i < 32; i++) {
            assertThat(ifreq[i]).as("byte %d", i).isZero();
        }
    }

    @Test
    void anUnknownInterfaceIsEnxioNamingThoseThatExist() {
        MockLibc.failIoctl(libc, BpfIoctl.BIOCSETIF, Errno.ENXIO);
        MockLibc.interfaces(libc, "em0", "lo0");
        assertThatThrownBy(() -> device.setInterface("em9"))
                .isInstanceOfSatisfying(NoSuchInterfaceException.class, e -> assertThat(e.existing()).containsExactly("em0", "lo0"))
                .hasMessage("BIOCSETIF: no interface named em9; the interfaces are em0, lo0 (ENXIO)");
    }

    @Test
    void anotherRefusalOfBiocsetifStaysWhatTheKernelSaid() {
        MockLibc.failIoctl(libc, BpfIoctl.BIOCSETIF, Errno.EINVAL);
        assertThatThrownBy(() -> device.setInterface("em0"))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .isNotInstanceOf(NoSuchInterfaceException.class);
    }

    @Test
    void aNameThatCannotFitAnIfreqIsEnxioWithoutAskingTheKernel() throws BpfException {
        MockLibc.interfaces(libc, "em0");
        device.setInterface("abcdefghijklmno");
        assertThat(copiedIn.get(BpfIoctl.BIOCSETIF.request())[14]).isEqualTo((byte) 'o');
        assertThat(copiedIn.get(BpfIoctl.BIOCSETIF.request())[15]).isZero();
        for (String name : new String[] {"abcdefghijklmnop", "\0em0"}) {
            assertThatThrownBy(() -> device.setInterface(name))
                    .isInstanceOfSatisfying(NoSuchInterfaceException.class, e -> assertThat(e.existing()).containsExactly("em0"));
        }
        verify(libc, times(1)).ioctl(anyInt(), eq(BpfIoctl.BIOCSETIF.request()), any());
    }

    @Test
    void linkTypeMapsAnyDlt() throws BpfException {
        copyOut.put(BpfIoctl.BIOCGDLT.request(), arg -> arg.setInt(0, 12));
        assertThat(device.linkType()).isEqualTo(LinkType.RAW);
        copyOut.put(BpfIoctl.BIOCGDLT.request(), arg -> arg.setInt(0, 0));
        assertThat(device.linkType()).isEqualTo(LinkType.NULL);
        copyOut.put(BpfIoctl.BIOCGDLT.request(), arg -> arg.setInt(0, 127));
        assertThat(device.linkType()).isEqualTo(LinkType.IEEE802_11_RADIO);
        copyOut.put(BpfIoctl.BIOCGDLT.request(), arg -> arg.setInt(0, 147));
        assertThat(device.linkType()).isEqualTo(LinkType.of(147));
        copyOut.put(BpfIoctl.BIOCGDLT.request(), arg -> arg.setInt(0, -2));
        assertThatThrownBy(device::linkType)
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessage("BIOCGDLT: the kernel answered 4294967294, beyond every data-link type (EINVAL)");
    }

    @Test
    void bufferSizeIsAUintBothWays() throws BpfException {
        copyOut.put(BpfIoctl.BIOCGBLEN.request(), arg -> arg.setInt(0, 4064));
        assertThat(device.bufferSize()).isEqualTo(4064);
        MockLibc.failIoctl(libc, BpfIoctl.BIOCSBLEN, Errno.EOPNOTSUPP);
        assertThatThrownBy(() -> device.setBufferSize(8192))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }

    @Test
    void setBufferSizeCopiesTheSizeIn() throws BpfException {
        device.setBufferSize(8192);
        assertThat(uint(copiedIn.get(BpfIoctl.BIOCSBLEN.request()))).isEqualTo(8192);
    }

    @Test
    void immediateIsOneOrZero() throws BpfException {
        device.setImmediate(true);
        assertThat(uint(copiedIn.get(BpfIoctl.BIOCIMMEDIATE.request()))).isEqualTo(1);
        device.setImmediate(false);
        assertThat(uint(copiedIn.get(BpfIoctl.BIOCIMMEDIATE.request()))).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1} s {2} us")
    @CsvSource({"PT1.5S, 1, 500000", "PT0.000000001S, 0, 1", "PT0.999999999S, 1, 0", "PT0S, 0, 0", "PT0.000001999S, 0, 2"})
    void readTimeoutIsATimevalRoundedUpToMicroseconds(Duration timeout, long seconds, long micros) throws BpfException {
        device.setReadTimeout(timeout);
        ByteBuffer timeval = ByteBuffer.wrap(copiedIn.get(BpfIoctl.BIOCSRTIMEOUT.request())).order(ByteOrder.nativeOrder());
        assertThat(timeval.getLong(0)).isEqualTo(seconds);
        assertThat(timeval.getLong(8)).isEqualTo(micros);
    }

    @Test
    void aNegativeReadTimeoutIsEinval() {
        assertThatThrownBy(() -> device.setReadTimeout(Duration.ofNanos(-1)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        verify(libc, never()).ioctl(anyInt(), eq(BpfIoctl.BIOCSRTIMEOUT.request()), any());
    }

    @Test
    void timestampTypeTravelsAsItsBits() throws BpfException {
        TimestampType type = new TimestampType(TimestampFormat.NANOTIME, true, true);
        device.setTimestampType(type);
        assertThat(uint(copiedIn.get(BpfIoctl.BIOCSTSTAMP.request()))).isEqualTo(0x301);
        copyOut.put(BpfIoctl.BIOCGTSTAMP.request(), arg -> arg.setInt(0, 0x202));
        assertThat(device.timestampType()).isEqualTo(new TimestampType(TimestampFormat.BINTIME, true, false));
    }

    @Test
    void theEmptyFilterIsTheNullProgram() throws BpfException {
        device.setFilter(BpfProgram.ACCEPT_ALL);
        ByteBuffer program = ByteBuffer.wrap(copiedIn.get(BpfIoctl.BIOCSETF.request())).order(ByteOrder.nativeOrder());
        assertThat(program.getInt(0)).isZero();
        assertThat(program.getLong(8)).isZero();
    }

    @Test
    void aFilterPointsAtItsInstructions() throws BpfException {
        List<BpfInsn> insns = List.of(new BpfInsn(0x28, 0, 0, 12), new BpfInsn(0x15, 0xF0, 0x0F, 0x86DD), new BpfInsn(0x6, 0, 0, -1));
        List<BpfInsn> seen = new ArrayList<>();
        doAnswer(call -> {
            Pointer program = call.getArgument(2);
            Pointer array = program.getPointer(8);
            for (int i = 0; i < program.getInt(0); i++) {
                seen.add(new BpfInsn(Short.toUnsignedInt(array.getShort(i * 8L)), Byte.toUnsignedInt(array.getByte(i * 8L + 2)),
                        Byte.toUnsignedInt(array.getByte(i * 8L + 3)), array.getInt(i * 8L + 4)));
            }
            return 0;
        }).when(libc).ioctl(eq(MockLibc.FD), eq(BpfIoctl.BIOCSETF.request()), any());
        device.setFilter(new BpfProgram(insns));
        assertThat(seen).isEqualTo(insns);
    }

    @Test
    void voidIoctlsPassNoArgument() throws BpfException {
        device.setPromiscuous();
        device.flush();
        assertThat(copiedIn.get(BpfIoctl.BIOCPROMISC.request())).isEmpty();
        assertThat(copiedIn.get(BpfIoctl.BIOCFLUSH.request())).isEmpty();
    }

    @Test
    void promiscuousWhenNotAttachedIsEinval() {
        MockLibc.failIoctl(libc, BpfIoctl.BIOCPROMISC, Errno.EINVAL);
        assertThatThrownBy(device::setPromiscuous)
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void statsAreUnsigned() throws BpfException {
        copyOut.put(BpfIoctl.BIOCGSTATS.request(), arg -> {
            arg.setInt(0, -1);
            arg.setInt(4, 0x8000_0000);
        });
        assertThat(device.stats()).isEqualTo(new BpfStats(0xFFFF_FFFFL, 0x8000_0000L));
    }

    @Test
    void rotationNamesTheBufferByItsUserAddress() throws BpfException {
        ByteBuffer a = device.bufferMemory().allocate(PAGE);
        ByteBuffer b = device.bufferMemory().allocate(PAGE);
        device.setZbuf(new BpfZbuf(a, b, PAGE));
        assertThat(device.rotateZbuf()).isEqualTo(Rotation.NONE);
        rotationAnswer(address(b), PAGE - 32);
        assertThat(device.rotateZbuf()).isEqualTo(new Rotation(ZbufId.B, PAGE - 32));
        rotationAnswer(address(a), 1);
        assertThat(device.rotateZbuf()).isEqualTo(new Rotation(ZbufId.A, 1));
    }

    @Test
    void aRotationThatCannotBeTrueIsEio() throws BpfException {
        rotationAnswer(0x1000, 10);
        assertThatThrownBy(device::rotateZbuf).as("before any buffer is lent")
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));
        ByteBuffer a = device.bufferMemory().allocate(PAGE);
        ByteBuffer b = device.bufferMemory().allocate(PAGE);
        device.setZbuf(new BpfZbuf(a, b, PAGE));
        for (long[] answer : new long[][] {{0x1000, 10}, {address(a), PAGE - 31}, {address(a), 0}, {0, 5}}) {
            rotationAnswer(answer[0], answer[1]);
            assertThatThrownBy(device::rotateZbuf)
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                    .hasMessageContaining("not a lent buffer with records");
        }
    }

    @Test
    void pollReportsPollin() throws Exception {
        pollAnswers.add(BsdLibc.POLLIN);
        assertThat(device.awaitReadable(Duration.ofSeconds(5))).isTrue();
        assertThat(pollTimeouts).containsExactly(FreeBsdDevice.POLL_SLICE_MILLIS);
    }

    @Test
    void aZeroTimeoutPollsOnceWithoutWaiting() throws Exception {
        assertThat(device.awaitReadable(Duration.ZERO)).isFalse();
        assertThat(pollTimeouts).containsExactly(0);
    }

    @Test
    void waitingIsSlicedAndTheLastSliceRoundedUpToAMillisecond() {
        assertThat(FreeBsdDevice.sliceMillis(-5)).isZero();
        assertThat(FreeBsdDevice.sliceMillis(0)).isZero();
        assertThat(FreeBsdDevice.sliceMillis(1)).isEqualTo(1);
        assertThat(FreeBsdDevice.sliceMillis(1_000_000)).isEqualTo(1);
        assertThat(FreeBsdDevice.sliceMillis(1_000_001)).isEqualTo(2);
        assertThat(FreeBsdDevice.sliceMillis(99_000_001)).isEqualTo(100);
        assertThat(FreeBsdDevice.sliceMillis(Long.MAX_VALUE / 2)).isEqualTo(FreeBsdDevice.POLL_SLICE_MILLIS);
    }

    @Test
    void aWaitLongerThanASliceTakesSeveralPolls() throws Exception {
        pollAnswers.addAll(List.of((short) 0, (short) 0, BsdLibc.POLLIN));
        assertThat(device.awaitReadable(Duration.ofDays(365L * 1000))).isTrue();
        assertThat(pollTimeouts).containsExactly(100, 100, 100);
    }

    @Test
    void eintrOnPollIsASignalAndTheWaitGoesOn() throws Exception {
        doThrow(new LastErrorException(Errno.EINTR.code())).doAnswer(call -> {
            ((Pointer) call.getArgument(0)).setShort(6, BsdLibc.POLLIN);
            return 1;
        }).when(libc).poll(any(), eq(1), anyInt());
        assertThat(device.awaitReadable(Duration.ofSeconds(5))).isTrue();
        verify(libc, times(2)).poll(any(), eq(1), anyInt());
    }

    @Test
    void eintrOnPollOfAnInterruptedThreadIsInterruptedException() {
        doAnswer(call -> {
            Thread.currentThread().interrupt();
            throw new LastErrorException(Errno.EINTR.code());
        }).when(libc).poll(any(), eq(1), anyInt());
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(5))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt is consumed by the exception").isFalse();
    }

    @Test
    void anInterruptedThreadDoesNotWaitAtAll() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(5))).isInstanceOf(InterruptedException.class);
        verify(libc, never()).poll(any(), anyInt(), anyInt());
    }

    @Test
    void anotherPollErrnoIsABpfException() {
        doThrow(new LastErrorException(Errno.EFAULT.code())).when(libc).poll(any(), eq(1), anyInt());
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessage("poll: bad address (EFAULT)");
    }

    @Test
    void pollnvalIsEbadf() {
        pollAnswers.add(BsdLibc.POLLNVAL);
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void aHangUpBeforeAttachingIsNothingToRead() throws Exception {
        pollAnswers.add((short) (BsdLibc.POLLHUP | BsdLibc.POLLIN));
        assertThat(device.awaitReadable(Duration.ofSeconds(5))).isFalse();
        verify(libc, never()).ioctl(anyInt(), eq(BpfIoctl.BIOCROTZBUF.request()), any());
    }

    @Test
    void aHangUpAttachedWithoutBuffersIsNothingToRead() throws Exception {
        device.setInterface("em0");
        pollAnswers.add((short) (BsdLibc.POLLHUP | BsdLibc.POLLIN));
        assertThat(device.awaitReadable(Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void afterAHangUpABufferTheUserOwnsIsReadable() throws Exception {
        ByteBuffer[] buffers = attachedWithBuffers();
        ZbufHeader.releaseKernelGen(buffers[1], 1);
        pollAnswers.add((short) (BsdLibc.POLLHUP | BsdLibc.POLLIN));
        assertThat(device.awaitReadable(Duration.ofSeconds(5))).isTrue();
        verify(libc, never()).ioctl(anyInt(), eq(BpfIoctl.BIOCROTZBUF.request()), any());
    }

    @Test
    void afterAHangUpRecordsLeftInTheStoreBufferAreHandedOver() throws Exception {
        ByteBuffer[] buffers = attachedWithBuffers();
        ZbufHeader.releaseKernelGen(buffers[0], 1);
        ZbufHeader.releaseUserGen(buffers[0], 1);
        rotationAnswer(address(buffers[1]), 64);
        pollAnswers.add((short) (BsdLibc.POLLHUP | BsdLibc.POLLIN));
        assertThat(device.awaitReadable(Duration.ofSeconds(5))).isTrue();
        verify(libc).ioctl(anyInt(), eq(BpfIoctl.BIOCROTZBUF.request()), any());
    }

    @Test
    void afterAHangUpWithEverythingDeliveredTheInterfaceIsGone() throws Exception {
        attachedWithBuffers();
        pollAnswers.add((short) (BsdLibc.POLLHUP | BsdLibc.POLLIN));
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(5)))
                .isInstanceOf(InterfaceGoneException.class)
                .hasMessageContaining("interface em0 is gone");
    }

    @Test
    void closeClosesTheDescriptorOnceAndUnmapsTheBuffers() throws BpfException {
        ByteBuffer buffer = device.bufferMemory().allocate(PAGE);
        device.close();
        device.close();
        verify(libc, times(1)).close(MockLibc.FD);
        verify(libc).munmap(new Pointer(address(buffer)), PAGE);
    }

    @Test
    void everyCallAfterCloseIsDeviceClosed() {
        device.close();
        assertThatThrownBy(device::stats).isInstanceOf(DeviceClosedException.class).hasMessageStartingWith("BIOCGSTATS");
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(1))).isInstanceOf(DeviceClosedException.class)
                .hasMessageStartingWith("poll");
        assertThatThrownBy(() -> device.bufferMemory().allocate(PAGE)).isInstanceOf(DeviceClosedException.class);
        verify(libc, never()).ioctl(anyInt(), anyLong(), any());
    }

    @Test
    void aFailingCloseIsLoggedNotThrown() throws BpfException {
        org.mockito.Mockito.doThrow(new LastErrorException(Errno.EIO.code())).when(libc).close(MockLibc.FD);
        device.bufferMemory().allocate(PAGE);
        device.close();
        verify(libc).munmap(any(), eq((long) PAGE));
    }

    private ByteBuffer[] attachedWithBuffers() throws BpfException {
        ByteBuffer a = device.bufferMemory().allocate(PAGE);
        ByteBuffer b = device.bufferMemory().allocate(PAGE);
        device.setZbuf(new BpfZbuf(a, b, PAGE));
        device.setInterface("em0");
        return new ByteBuffer[] {a, b};
    }

    private void rotationAnswer(long address, long length) {
        copyOut.put(BpfIoctl.BIOCROTZBUF.request(), arg -> {
            arg.setLong(0, address);
            arg.setLong(8, 0);
            arg.setLong(16, length);
        });
    }

    private static int uint(byte[] argument) {
        return ByteBuffer.wrap(argument).order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static long address(ByteBuffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
