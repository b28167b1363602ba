package io.zbuf.shm.daemon;

import io.zbuf.shm.InProcessDaemon;
import io.zbuf.shm.SharedFiles;
import io.zbuf.shm.protocol.ControlFrame;
import io.zbuf.shm.protocol.ErrorCodec;
import io.zbuf.shm.protocol.MessageType;
import io.zbuf.shm.protocol.Status;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's side of a connection, driven with raw frames: what a confused or hostile user may send. */
class DescriptorSessionTest {
    @RegisterExtension
    final InProcessDaemon daemon = new InProcessDaemon();

    private KernelDaemon kernel;
    private SocketChannel channel;
    private final ControlFrame frame = new ControlFrame();

    private void connect(String... interfaces) throws Exception {
        kernel = daemon.start(interfaces);
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(kernel.socket()));
    }

    private ControlFrame send(MessageType type, Consumer<ControlFrame> fields) throws Exception {
        ControlFrame request = new ControlFrame().begin(type, Status.OK);
        fields.accept(request);
        request.send(channel);
        assertThat(frame.receive(channel)).as("a response").isTrue();
        assertThat(frame.type()).isEqualTo(type);
        return frame;
    }

    private Errno errno(MessageType type, Consumer<ControlFrame> fields) throws Exception {
        ControlFrame response = send(type, fields);
        assertThat(response.status()).isNotEqualTo(Status.OK);
        BpfException error = ErrorCodec.decode(response);
        return error.errno();
    }

    private Path open() throws Exception {
        SharedFiles.Created file = new SharedFiles(SharedFiles.DEFAULT_DIRECTORY).create();
        file.channel().write(ByteBuffer.allocate(8192));
        file.channel().close();
        ControlFrame opened = send(MessageType.OPEN, f -> f.putLong(ProcessHandle.current().pid()).putString(file.path().toString()));
        assertThat(opened.status()).isEqualTo(Status.OK);
        assertThat(opened.getInt()).isEqualTo(KernelDaemon.PAGE_SIZE);
        return file.path();
    }

    @Test
    void ioctlsBeforeOpenHaveNoDescriptor() throws Exception {
        connect();
        assertThat(errno(MessageType.GET_STATS, f -> { })).isEqualTo(Errno.EBADF);
        assertThat(errno(MessageType.POLL, f -> f.putLong(0))).isEqualTo(Errno.EBADF);
        assertThat(send(MessageType.INTERFACES, f -> { }).getInt()).isEqualTo(0);
    }

    @Test
    void openRefusesFilesThatAreNotSharedFilesAndASecondOpen() throws Exception {
        connect();
        assertThat(errno(MessageType.OPEN, f -> f.putLong(1).putString("/etc/passwd"))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.OPEN, f -> f.putLong(1).putString("/dev/shm/zbuf-1-999999"))).isEqualTo(Errno.EINVAL);
        Path file = open();
        assertThat(kernel.descriptors()).isEqualTo(1);
        assertThat(errno(MessageType.OPEN, f -> f.putLong(1).putString(file.toString()))).isEqualTo(Errno.EBUSY);
        channel.close();
        awaitGone(file);
        assertThat(kernel.descriptors()).isZero();
    }

    @Test
    void buffersOutsideTheFileAreFaults() throws Exception {
        connect();
        Path file = open();
        send(MessageType.SET_BUFMODE, f -> f.putInt(2));
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(8192).putLong(0).putLong(4096))).isEqualTo(Errno.EFAULT);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(-4096).putLong(4096))).isEqualTo(Errno.EFAULT);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(-5).putLong(4096))).as("not page-aligned").isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(4096).putLong(0).putLong(8192))).isEqualTo(Errno.EFAULT);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(100).putLong(4096).putLong(4096))).isEqualTo(Errno.EINVAL);
        assertThat(send(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(4096)).status()).isEqualTo(Status.OK);
        assertThat(send(MessageType.GET_BLEN, f -> { }).getInt()).isEqualTo(4096 - 32);
        channel.close();
        awaitGone(file);
    }

    /**
     * A hostile client repeating SET_ZBUF: requests the kernel side refuses (not in zero-copy mode yet, a second
     * pair, a length beyond the file or not whole pages) leave nothing mapped; the session maps one pair at most.
     * The daemon runs in this JVM, so its mappings of the file are lines of /proc/self/maps.
     */
    @Test
    void repeatedOrRefusedSetZbufRequestsMapNothingMore() throws Exception {
        connect();
        Path file = open();
        for (int i = 0; i < 50; i++) {
            assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(4096)))
                    .as("buffer mode, not zero-copy").isEqualTo(Errno.EOPNOTSUPP);
        }
        assertThat(mappingsOf(file)).as("refused before the mode is set: nothing stays mapped").isZero();
        send(MessageType.SET_BUFMODE, f -> f.putInt(2));
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(4096).putLong(0).putLong(8192))).isEqualTo(Errno.EFAULT);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(4095))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(-4096))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(Long.MAX_VALUE & -4096))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(Long.MAX_VALUE & -4096).putLong(0).putLong(4096))).isEqualTo(Errno.EFAULT);
        assertThat(mappingsOf(file)).as("validated before mapping").isZero();
        assertThat(send(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(4096)).status()).isEqualTo(Status.OK);
        long accepted = mappingsOf(file);
        assertThat(accepted).as("one pair mapped").isPositive();
        for (int i = 0; i < 50; i++) {
            assertThat(errno(MessageType.SET_ZBUF, f -> f.putLong(0).putLong(4096).putLong(4096)))
                    .as("buffers are set once").isEqualTo(Errno.EINVAL);
        }
        assertThat(mappingsOf(file)).as("a second SET_ZBUF is refused before it maps").isEqualTo(accepted);
        assertThat(send(MessageType.GET_BLEN, f -> { }).getInt()).isEqualTo(4096 - 32);
        channel.close();
        awaitGone(file);
        assertThat(mappingsOf(file)).as("released with the session").isZero();
    }

    /** Lines of /proc/self/maps that map {@code file}. */
    private static long mappingsOf(Path file) throws Exception {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.filter(line -> line.endsWith(file.toString()) || line.endsWith(file + " (deleted)")).count();
        }
    }

    @Test
    void badArgumentsAreInvalidAndTheSessionGoesOn() throws Exception {
        connect();
        open();
        assertThat(errno(MessageType.SET_BUFMODE, f -> f.putInt(7))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_TSTAMP, f -> f.putInt(0x4000))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_FILTER, f -> f.putInt(-1))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_FILTER, f -> f.putInt(1).putInt(0x10000).putInt(0).putInt(0).putInt(0))).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.SET_FILTER, f -> {
            f.putInt(BpfProgram.MAX_INSNS + 1);
            for (int i = 0; i <= BpfProgram.MAX_INSNS; i++) {
                f.putInt(0x06).putInt(0).putInt(0).putInt(0);
            }
        })).isEqualTo(Errno.EINVAL);
        assertThat(errno(MessageType.CREATE_INTERFACE, f -> f.putString("x0").putString("nonsense"))).isEqualTo(Errno.EINVAL);
        assertThat(send(MessageType.GET_BUFMODE, f -> { }).getInt()).isEqualTo(1);
    }

    @Test
    void aRequestWhileAPollIsPendingOrAGarbledFrameEndsTheConnection() throws Exception {
        connect("quiet0=synthetic:rate=1");
        Path file = open();
        new ControlFrame().begin(MessageType.POLL, Status.OK).putLong(Duration.ofSeconds(20).toNanos()).send(channel);
        new ControlFrame().begin(MessageType.GET_STATS, Status.OK).send(channel);
        awaitGone(file);
        assertThat(frame.receive(channel)).isFalse();

        SocketChannel second = SocketChannel.open(StandardProtocolFamily.UNIX);
        second.connect(UnixDomainSocketAddress.of(kernel.socket()));
        second.write(ByteBuffer.allocate(8).putInt(0, 3));
        assertThat(second.read(ByteBuffer.allocate(8))).isEqualTo(-1);
        second.close();
    }

    @Test
    void aPollIsAnsweredWhenTheTimeoutRunsOut() throws Exception {
        connect("quiet0=synthetic:rate=1");
        open();
        ControlFrame polled = send(MessageType.POLL, f -> f.putLong(Duration.ofMillis(30).toNanos()));
        assertThat(polled.status()).isEqualTo(Status.OK);
        assertThat(polled.getByte()).isZero();
        assertThat(send(MessageType.FLUSH, f -> { }).status()).isEqualTo(Status.OK);
    }

    private void awaitGone(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((Files.exists(file) || kernel.descriptors() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(file).doesNotExist();
    }
}
