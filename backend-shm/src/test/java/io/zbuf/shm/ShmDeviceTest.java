package io.zbuf.shm;

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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every ioctl of a {@link ShmDevice} crosses to the daemon and comes back as the simulator answers it. */
class ShmDeviceTest {
    @RegisterExtension
    final InProcessDaemon daemon = new InProcessDaemon();

    @Test
    void theIoctlsOfAZeroCopySessionRoundTrip() throws Exception {
        daemon.start("eth0=synthetic:size=100,rate=5");
        try (ShmDevice device = daemon.backend().open()) {
            assertThat(device.bufferMode()).isEqualTo(BufferMode.BUFFER);
            assertErrno(Errno.EOPNOTSUPP, device::zmax);
            device.setBufferMode(BufferMode.ZBUF);
            assertThat(device.bufferMode()).isEqualTo(BufferMode.ZBUF);
            assertThat(device.zmax()).isEqualTo(512L * 4096);
            BpfZbuf zbuf = new BpfZbuf(device.bufferMemory().allocate(8192), device.bufferMemory().allocate(8192), 8192);
            device.setZbuf(zbuf);
            assertThat(device.bufferSize()).isEqualTo(8192 - 32);
            assertErrno(Errno.EOPNOTSUPP, () -> device.setBufferSize(4096));
            TimestampType nanos = new TimestampType(TimestampFormat.NANOTIME, true, false);
            device.setTimestampType(nanos);
            assertThat(device.timestampType()).isEqualTo(nanos);
            device.setReadTimeout(Duration.ofMillis(1));
            device.setImmediate(true);
            device.setFilter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 0xFFFF_FFFF))));
            assertErrno(Errno.EINVAL, device::setPromiscuous);
            assertErrno(Errno.ENXIO, () -> device.setInterface("nope0"));
            device.setInterface("eth0");
            device.setPromiscuous();
            assertThat(device.linkType()).isEqualTo(LinkType.EN10MB);
            assertThat(device.awaitReadable(Duration.ofSeconds(20))).isTrue();
            Rotation rotation = device.rotateZbuf();
            assertThat(rotation.rotated()).isTrue();
            assertThat(rotation.buffer()).isEqualTo(ZbufId.A);
            assertThat(rotation.length()).isPositive();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (device.stats().received() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            BpfStats stats = device.stats();
            assertThat(stats.received()).isGreaterThanOrEqualTo(3);
            device.flush();
            assertThat(device.stats().received()).as("flushed: at most a packet since").isLessThanOrEqualTo(1);
            assertThat(device.controlMessages()).isGreaterThan(15);
        }
    }

    @Test
    void aFilterThatRejectsEverythingLetsNothingThrough() throws Exception {
        daemon.start("eth0=synthetic:size=100,rate=100000");
        try (ShmDevice device = daemon.backend().open()) {
            device.setBufferMode(BufferMode.ZBUF);
            device.setZbuf(new BpfZbuf(device.bufferMemory().allocate(4096), device.bufferMemory().allocate(4096), 4096));
            device.setFilter(new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 0))));
            device.setImmediate(true);
            device.setInterface("eth0");
            assertThat(device.awaitReadable(Duration.ofMillis(100))).isFalse();
            assertThat(device.rotateZbuf()).isEqualTo(Rotation.NONE);
            assertErrno(Errno.EINVAL, () -> device.setFilter(new BpfProgram(List.of(new BpfInsn(0xFFFF, 0, 0, 0)))));
        }
    }

    @Test
    void immediateModeAndTheReadTimeoutReachTheKernel() throws Exception {
        daemon.start("slow0=synthetic:size=100,rate=50");
        try (ShmDevice lazy = daemon.backend().open(); ShmDevice immediate = daemon.backend().open();
             ShmDevice timed = daemon.backend().open()) {
            for (ShmDevice device : List.of(lazy, immediate, timed)) {
                device.setBufferMode(BufferMode.ZBUF);
                device.setZbuf(new BpfZbuf(device.bufferMemory().allocate(8192), device.bufferMemory().allocate(8192), 8192));
            }
            immediate.setImmediate(true);
            lazy.setImmediate(false);
            timed.setReadTimeout(Duration.ofMillis(30));
            for (ShmDevice device : List.of(lazy, immediate, timed)) {
                device.setInterface("slow0");
            }
            assertThat(immediate.awaitReadable(Duration.ofSeconds(20))).isTrue();
            assertThat(timed.awaitReadable(Duration.ofSeconds(20))).isTrue();
            assertThat(lazy.awaitReadable(Duration.ofMillis(300))).isFalse();
            assertThat(lazy.rotateZbuf().rotated()).isTrue();
        }
    }

    @Test
    void buffersMustComeFromTheDescriptorsOwnFile() throws Exception {
        daemon.start();
        try (ShmDevice device = daemon.backend().open()) {
            device.setBufferMode(BufferMode.ZBUF);
            ByteBuffer mine = device.bufferMemory().allocate(4096);
            assertErrno(Errno.EFAULT, () -> device.setZbuf(new BpfZbuf(ByteBuffer.allocateDirect(4096), mine, 4096)));
            assertErrno(Errno.EFAULT, () -> device.setZbuf(new BpfZbuf(mine, ByteBuffer.allocateDirect(4096), 4096)));
            assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(null, mine, 4096)));
            assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(mine, null, 4096)));
            assertErrno(Errno.EFAULT, () -> device.setZbuf(new BpfZbuf(mine, mine, 8192)));
            assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(mine, mine, 0)));
            assertErrno(Errno.EINVAL, () -> device.setZbuf(new BpfZbuf(mine, mine, 513L * 4096)));
        }
    }

    @Test
    void aClosedDescriptorRefusesEverythingAndRemovesItsFile() throws Exception {
        daemon.start();
        ShmDevice device = daemon.backend().open();
        device.close();
        device.close();
        assertThat(device.bufferMemory().file()).doesNotExist();
        assertThatThrownBy(device::stats).isInstanceOf(DeviceClosedException.class).hasMessageContaining("BIOCGSTATS");
        assertThatThrownBy(() -> device.awaitReadable(Duration.ZERO)).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void anInterruptedWaiterClosesTheDescriptor() throws Exception {
        daemon.start("quiet0=synthetic:rate=1");
        ShmDevice device = daemon.backend().open();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class)
                .hasMessageContaining("before");
        assertThat(device.bufferMode()).isEqualTo(BufferMode.BUFFER);
        Thread waiter = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            sleep(200);
            waiter.interrupt();
        });
        interrupter.start();
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofSeconds(20))).isInstanceOf(InterruptedException.class)
                .hasMessageContaining("closed");
        interrupter.join();
        assertThatThrownBy(device::bufferMode).isInstanceOf(DeviceClosedException.class);
        assertThatThrownBy(() -> device.awaitReadable(Duration.ofMillis(1))).isInstanceOf(DeviceClosedException.class);
        device.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void assertErrno(Errno errno, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).as(e.getMessage()).isEqualTo(errno));
    }
}
