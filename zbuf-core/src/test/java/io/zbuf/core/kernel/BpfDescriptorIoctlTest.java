package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;

import static io.zbuf.core.kernel.TestBuffers.aligned;
import static io.zbuf.core.kernel.TestBuffers.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BpfDescriptorIoctlTest {
    private static final int PAGE = 4096;

    private final DescriptorFixture fixture = new DescriptorFixture(PAGE, 2);
    private final BpfDescriptor descriptor = fixture.descriptor;

    private static void assertErrno(Executable ioctl, Errno errno, String message) {
        BpfException failure = catchThrowableOfType(ioctl::execute, BpfException.class);
        assertThat(failure).as("%s expected", errno).isNotNull();
        assertThat(failure.errno()).isEqualTo(errno);
        assertThat(failure.getMessage()).startsWith(message);
    }

    @Test
    void refusesPageSizesThatAreNotPowersOfTwoOrTooSmall() {
        assertThatThrownBy(() -> new BpfDescriptor(fixture.clock, 3000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new BpfDescriptor(fixture.clock, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BpfDescriptor(fixture.clock, -4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BpfDescriptor(null, 4096)).isInstanceOf(NullPointerException.class);
        assertThatCode(() -> new BpfDescriptor(fixture.clock, BpfDescriptor.MIN_PAGE_SIZE)).doesNotThrowAnyException();
    }

    @Test
    void aNewDescriptorHasFreeBsdsDefaults() throws BpfException {
        assertThat(descriptor.bufferMode()).isEqualTo(BufferMode.BUFFER);
        assertThat(descriptor.bufferSize()).isEqualTo(4096);
        assertThat(descriptor.timestampType()).isEqualTo(TimestampType.DEFAULT);
        assertThat(descriptor.attached()).isFalse();
        assertThat(descriptor.closed()).isFalse();
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
        assertThat(descriptor.buffersHandedOver()).isZero();
        assertThat(descriptor.readable()).isFalse();
    }

    @Test
    void theBufferModeIsFixedOnceBuffersAreSet() throws BpfException {
        fixture.lend();

        assertErrno(() -> descriptor.setBufferMode(BufferMode.BUFFER), Errno.EBUSY, "BIOCSETBUFMODE: the buffer mode cannot change");
        assertErrno(() -> descriptor.setBufferMode(BufferMode.ZBUF), Errno.EBUSY, "BIOCSETBUFMODE");
        descriptor.attach(LinkType.EN10MB);
        assertErrno(() -> descriptor.setBufferMode(BufferMode.ZBUF), Errno.EBUSY, "BIOCSETBUFMODE");
        assertThat(descriptor.bufferMode()).isEqualTo(BufferMode.ZBUF);
    }

    @Test
    void zmaxIs512PagesInZbufModeOnly() throws BpfException {
        assertErrno(descriptor::zmax, Errno.EOPNOTSUPP, "BIOCGETZMAX: only in zero-copy buffer mode");
        descriptor.setBufferMode(BufferMode.ZBUF);
        assertThat(descriptor.zmax()).isEqualTo(2_097_152L);

        BpfDescriptor large = new BpfDescriptor(fixture.clock, 16384);
        large.setBufferMode(BufferMode.ZBUF);
        assertThat(large.zmax()).isEqualTo(8_388_608L);
    }

    @Test
    void setZbufIsZbufModeOnly() {
        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(fixture.a, fixture.b, fixture.length)), Errno.EOPNOTSUPP, "BIOCSETZBUF: only in zero-copy");
        assertThat(bytes(fixture.a, 0, 32)).as("headers untouched").containsOnly(TestBuffers.GARBAGE);
    }

    @Test
    void setZbufZeroesBothHeadersAndSetsTheBufferSize() throws BpfException {
        fixture.lend();

        assertThat(bytes(fixture.a, 0, 32)).containsOnly(0);
        assertThat(bytes(fixture.b, 0, 32)).containsOnly(0);
        assertThat(descriptor.bufferSize()).isEqualTo(2 * PAGE - 32);
    }

    @Test
    void aFailedFirstSetZbufLeavesTheDescriptorAsItWas() throws BpfException {
        descriptor.setBufferMode(BufferMode.ZBUF);

        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(fixture.a, ByteBuffer.allocate(fixture.length), fixture.length)),
            Errno.EFAULT, "BIOCSETZBUF: buffer B is on the Java heap");

        assertThat(bytes(fixture.a, 0, 32)).as("A's header is not zeroed").containsOnly(TestBuffers.GARBAGE);
        assertThat(descriptor.bufferSize()).isEqualTo(4096);
        assertErrno(() -> descriptor.attach(LinkType.EN10MB), Errno.EINVAL, "BIOCSETIF: lend the zero-copy buffers");
        descriptor.setBufferMode(BufferMode.BUFFER);
        descriptor.setBufferMode(BufferMode.ZBUF);
        fixture.lend();
        assertThat(descriptor.bufferSize()).isEqualTo(fixture.bufferSize());
    }

    @Test
    void aSecondSetZbufFailsAndLeavesTheBuffersInUseAlone() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        for (int i = 0; i < 200; i++) {
            fixture.tap(100);
        }
        byte[] headerA = bytes(fixture.a, 0, 64);
        byte[] headerB = bytes(fixture.b, 0, 64);
        long handOffs = descriptor.buffersHandedOver();

        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(fixture.a, fixture.b, fixture.length)), Errno.EINVAL, "BIOCSETZBUF: buffers can be set only once");
        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(aligned(PAGE, PAGE), aligned(PAGE, PAGE), PAGE)), Errno.EINVAL, "BIOCSETZBUF");

        assertThat(bytes(fixture.a, 0, 64)).isEqualTo(headerA);
        assertThat(bytes(fixture.b, 0, 64)).isEqualTo(headerB);
        assertThat(descriptor.bufferSize()).isEqualTo(fixture.bufferSize());
        assertThat(descriptor.buffersHandedOver()).isEqualTo(handOffs);
        assertThat(descriptor.stats().received()).isEqualTo(200);
    }

    @Test
    void setZbufReportsTheValidatorsErrno() throws BpfException {
        descriptor.setBufferMode(BufferMode.ZBUF);

        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(null, fixture.b, fixture.length)), Errno.EINVAL, "BIOCSETZBUF: both buffers");
        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(fixture.a, fixture.b, 0)), Errno.EINVAL, "BIOCSETZBUF: the buffer length is 0");
        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(fixture.a, fixture.b, 513L * PAGE)), Errno.EINVAL, "BIOCSETZBUF: the length");
        assertErrno(() -> descriptor.setZbuf(new BpfZbuf(fixture.a.asReadOnlyBuffer(), fixture.b, fixture.length)), Errno.EFAULT, "BIOCSETZBUF");
        assertThatThrownBy(() -> descriptor.setZbuf(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void attachIsZbufModeOnlyAndNeedsBuffers() throws BpfException {
        assertErrno(() -> descriptor.attach(LinkType.EN10MB), Errno.EOPNOTSUPP, "BIOCSETIF: zbuf implements zero-copy buffer mode only");
        descriptor.setBufferMode(BufferMode.ZBUF);
        assertErrno(() -> descriptor.attach(LinkType.EN10MB), Errno.EINVAL, "BIOCSETIF: lend the zero-copy buffers with BIOCSETZBUF");
        assertThat(descriptor.attached()).isFalse();

        fixture.lend();
        descriptor.attach(LinkType.NULL);

        assertThat(descriptor.attached()).isTrue();
        assertThat(descriptor.linkType()).isEqualTo(LinkType.NULL);
        descriptor.attach(LinkType.RAW);
        assertThat(descriptor.linkType()).isEqualTo(LinkType.RAW);
    }

    @Test
    void linkTypeAndPromiscuousNeedAnInterface() throws BpfException {
        assertErrno(descriptor::linkType, Errno.EINVAL, "BIOCGDLT: no interface is attached");
        assertErrno(descriptor::setPromiscuous, Errno.EINVAL, "BIOCPROMISC: no interface is attached");

        fixture.attached(LinkType.EN10MB);

        assertThatCode(descriptor::setPromiscuous).doesNotThrowAnyException();
        descriptor.detach();
        assertThat(descriptor.attached()).isFalse();
        assertErrno(descriptor::linkType, Errno.EINVAL, "BIOCGDLT");
        assertErrno(descriptor::setPromiscuous, Errno.EINVAL, "BIOCPROMISC");
    }

    @Test
    void setBufferSizeIsBufferModeOnlyAndClampsAsAnUnsignedInt() throws BpfException {
        descriptor.setBufferSize(10);
        assertThat(descriptor.bufferSize()).isEqualTo(32);
        descriptor.setBufferSize(32);
        assertThat(descriptor.bufferSize()).isEqualTo(32);
        descriptor.setBufferSize(100_000);
        assertThat(descriptor.bufferSize()).isEqualTo(100_000);
        descriptor.setBufferSize(524_288);
        assertThat(descriptor.bufferSize()).isEqualTo(524_288);
        descriptor.setBufferSize(524_289);
        assertThat(descriptor.bufferSize()).isEqualTo(524_288);
        descriptor.setBufferSize(-1);
        assertThat(descriptor.bufferSize()).isEqualTo(524_288);

        descriptor.setBufferMode(BufferMode.ZBUF);
        assertErrno(() -> descriptor.setBufferSize(8192), Errno.EOPNOTSUPP, "BIOCSBLEN: in zero-copy mode");
        assertThat(descriptor.bufferSize()).isEqualTo(524_288);
    }

    @Test
    void aNegativeReadTimeoutIsEinval() throws BpfException {
        assertErrno(() -> descriptor.setReadTimeout(-1), Errno.EINVAL, "BIOCSRTIMEOUT: a read timeout cannot be negative");
        assertThatCode(() -> descriptor.setReadTimeout(0)).doesNotThrowAnyException();
    }

    @Test
    void setsTheTimestampType() throws BpfException {
        TimestampType type = new TimestampType(TimestampFormat.BINTIME, true, true);

        descriptor.setTimestampType(type);

        assertThat(descriptor.timestampType()).isEqualTo(type);
        assertThatThrownBy(() -> descriptor.setTimestampType(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rotateZbufIsZbufModeOnlyAndRotatesNothingWithoutBuffers() throws BpfException {
        assertErrno(descriptor::rotateZbuf, Errno.EOPNOTSUPP, "BIOCROTZBUF: only in zero-copy");
        descriptor.setBufferMode(BufferMode.ZBUF);
        assertThat(descriptor.rotateZbuf()).isEqualTo(Rotation.NONE);
    }

    @Test
    void flushZeroesTheCountersAndEmptiesTheStoreBuffer() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        fixture.tap(100);
        fixture.tap(100);
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(2, 0));

        descriptor.flush();

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
        assertThat(descriptor.rotateZbuf()).as("the store buffer is empty").isEqualTo(Rotation.NONE);
    }

    @Test
    void flushWithoutBuffersOnlyZeroesTheCounters() throws BpfException {
        descriptor.flush();
        descriptor.setBufferMode(BufferMode.ZBUF);
        descriptor.flush();

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
    }

    @Test
    void setFilterInstallsTheCompiledFilterAndResets() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        fixture.tap(100);
        descriptor.setFilter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 0)))); // ret #0: reject all

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
        assertThat(descriptor.rotateZbuf()).isEqualTo(Rotation.NONE);
        assertThat(fixture.tap(100)).isFalse();
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(1, 0));
        assertThat(descriptor.rotateZbuf()).as("rejected, so nothing stored").isEqualTo(Rotation.NONE);
        assertThatThrownBy(() -> descriptor.setFilter(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRejectedFilterChangesNothing() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        fixture.tap(100);
        BpfProgram noReturn = new BpfProgram(List.of(new BpfInsn(0x00, 0, 0, 0))); // ld #0, then nothing
        assertErrno(() -> descriptor.setFilter(noReturn), Errno.EINVAL, "BIOCSETF");

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(1, 0));
        assertThat(descriptor.rotateZbuf()).isEqualTo(new Rotation(ZbufId.A, 26 + 100));
    }

    @Test
    void theAcceptAllProgramKeepsEveryPacket() throws BpfException {
        fixture.attached(LinkType.EN10MB);

        descriptor.setFilter(BpfProgram.ACCEPT_ALL);
        fixture.tap(100);

        assertThat(descriptor.rotateZbuf()).isEqualTo(new Rotation(ZbufId.A, 126));
    }

    static Stream<Arguments> ioctls() {
        return Stream.of(
            Arguments.of("BIOCGETBUFMODE", (Ioctl) BpfDescriptor::bufferMode),
            Arguments.of("BIOCSETBUFMODE", (Ioctl) d -> d.setBufferMode(BufferMode.ZBUF)),
            Arguments.of("BIOCGETZMAX", (Ioctl) BpfDescriptor::zmax),
            Arguments.of("BIOCSETZBUF", (Ioctl) d -> d.setZbuf(new BpfZbuf(null, null, 0))),
            Arguments.of("BIOCSETIF", (Ioctl) d -> d.attach(LinkType.EN10MB)),
            Arguments.of("BIOCGDLT", (Ioctl) BpfDescriptor::linkType),
            Arguments.of("BIOCGBLEN", (Ioctl) BpfDescriptor::bufferSize),
            Arguments.of("BIOCSBLEN", (Ioctl) d -> d.setBufferSize(4096)),
            Arguments.of("BIOCIMMEDIATE", (Ioctl) d -> d.setImmediate(false)),
            Arguments.of("BIOCSRTIMEOUT", (Ioctl) d -> d.setReadTimeout(1_000_000)),
            Arguments.of("BIOCGTSTAMP", (Ioctl) BpfDescriptor::timestampType),
            Arguments.of("BIOCSTSTAMP", (Ioctl) d -> d.setTimestampType(TimestampType.DEFAULT)),
            Arguments.of("BIOCSETF", (Ioctl) d -> d.setFilter(BpfProgram.ACCEPT_ALL)),
            Arguments.of("BIOCPROMISC", (Ioctl) BpfDescriptor::setPromiscuous),
            Arguments.of("BIOCGSTATS", (Ioctl) BpfDescriptor::stats),
            Arguments.of("BIOCFLUSH", (Ioctl) BpfDescriptor::flush),
            Arguments.of("BIOCROTZBUF", (Ioctl) BpfDescriptor::rotateZbuf));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ioctls")
    void everyIoctlFailsWithEbadfOnceClosed(String name, Ioctl ioctl) throws BpfException {
        fixture.attached(LinkType.EN10MB);
        descriptor.close();
        descriptor.close();

        BpfException failure = catchThrowableOfType(() -> ioctl.call(descriptor), DeviceClosedException.class);

        assertThat(failure).isNotNull();
        assertThat(failure.errno()).isEqualTo(Errno.EBADF);
        assertThat(failure.getMessage()).startsWith(name + ": the descriptor is closed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ioctls")
    void everyIoctlStopsARunningReadTimeoutEvenWhenItFails(String name, Ioctl ioctl) throws BpfException {
        fixture.attached(LinkType.EN10MB);
        descriptor.setReadTimeout(1_000);
        fixture.tap(100);
        assertThat(descriptor.armReadTimeout()).isEqualTo(1_000);

        try {
            ioctl.call(descriptor);
        } catch (BpfException expectedForSome) {
            assertThat(expectedForSome.getMessage()).startsWith(name);
        }
        fixture.clock.advance(1_000);
        descriptor.readTimeoutFired();

        assertThat(fixture.tap(100)).as("not timed out, so a packet that fits wakes nobody").isFalse();
    }

    @Test
    void aClosedDescriptorIgnoresPacketsAndPolls() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        descriptor.setImmediate(true);
        descriptor.setReadTimeout(1_000);
        fixture.tap(100);
        assertThat(descriptor.rotateZbuf().rotated()).isTrue();

        descriptor.close();

        assertThat(descriptor.closed()).isTrue();
        assertThat(descriptor.attached()).isFalse();
        assertThat(descriptor.tap(fixture.nextPacket(100))).isFalse();
        assertThat(descriptor.readable()).isFalse();
        assertThat(descriptor.armReadTimeout()).isZero();
        assertThat(descriptor.readTimeoutFired()).isFalse();
        assertThat(descriptor.buffersHandedOver()).isZero();
        assertThat(ZbufHeader.kernelGen(fixture.user.header(ZbufId.B))).isZero();
    }

    /** An ioctl call on a descriptor. */
    @FunctionalInterface
    interface Ioctl {
        void call(BpfDescriptor descriptor) throws BpfException;
    }
}
