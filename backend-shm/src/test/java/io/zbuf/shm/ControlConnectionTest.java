package io.zbuf.shm;

import io.zbuf.shm.ControlConnection.Fields;
import io.zbuf.shm.protocol.ControlFrame;
import io.zbuf.shm.protocol.MessageType;
import io.zbuf.shm.protocol.Status;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.KernelGoneException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The user's end of the protocol against a daemon that answers what the test scripts: nothing it reads is trusted. */
class ControlConnectionTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private final LongAdder sent = new LongAdder();

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A daemon that answers each request with what {@code answer} writes; if it throws, the daemon hangs up. */
    private ControlConnection connectTo(Consumer<ControlFrame> answer) throws Exception {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("fake.sock")));
        CompletableFuture.runAsync(() -> {
            try (SocketChannel peer = server.accept()) {
                ControlFrame frame = new ControlFrame();
                while (frame.receive(peer)) {
                    ControlFrame reply = new ControlFrame();
                    reply.begin(frame.type(), Status.OK);
                    answer.accept(reply);
                    reply.send(peer);
                }
            } catch (Exception e) {
                // the test's connection went away
            }
        });
        return ControlConnection.connect(dir.resolve("fake.sock"), sent);
    }

    private ShmDevice deviceOn(Consumer<ControlFrame> answer) throws Exception {
        SharedFiles.Created file = new SharedFiles(dir).create();
        return new ShmDevice(connectTo(answer), new ShmBufferMemory(file.path(), file.channel(), 4096));
    }

    @Test
    void answersThatCannotBeTrueMeanTheKernelIsGone() throws Exception {
        assertGone(frame -> frame.begin(MessageType.ROTATE, Status.OK).putByte(3).putInt(10), ShmDevice::rotateZbuf, "unknown buffer");
        assertGone(frame -> frame.begin(MessageType.ROTATE, Status.OK).putByte(-1).putInt(10), ShmDevice::rotateZbuf, "unknown buffer");
        assertGone(frame -> frame.begin(MessageType.ROTATE, Status.OK).putByte(1).putInt(0), ShmDevice::rotateZbuf, "rotation");
        assertGone(frame -> frame.begin(MessageType.GET_DLT, Status.OK).putInt(-1), ShmDevice::linkType, "negative link type -1");
        assertGone(frame -> frame.begin(MessageType.FLUSH, Status.OK), ShmDevice::stats, "response to FLUSH");
        assertGone(frame -> frame.begin(MessageType.GET_STATS, Status.OK).putLong(1), ShmDevice::stats, "shorter");
        assertGone(frame -> frame.begin(MessageType.GET_STATS, Status.FAILED).putInt(12345).putString("x"), ShmDevice::stats, "errno");
    }

    @ParameterizedTest(name = "DLT {0}")
    @CsvSource({"999, false", "0, true"})
    void anyLinkTypeArrives(int dlt, boolean named) throws Exception {
        try (ShmDevice device = deviceOn(frame -> frame.putInt(dlt))) {
            assertThat(device.linkType()).isEqualTo(io.zbuf.spi.LinkType.of(dlt));
            assertThat(device.linkType().named()).isEqualTo(named);
        }
    }

    @Test
    void aRotationOfBufferBArrives() throws Exception {
        try (ShmDevice device = deviceOn(frame -> frame.putByte(2).putInt(64))) {
            assertThat(device.rotateZbuf().buffer()).isEqualTo(io.zbuf.spi.ZbufId.B);
            assertThat(device.rotateZbuf().length()).isEqualTo(64);
            assertThat(device.controlMessages()).isEqualTo(2);
            assertThat(sent.sum()).isEqualTo(2);
        }
    }

    @Test
    void aDaemonThatHangsUpIsGoneForGood() throws Exception {
        ControlConnection connection = connectTo(frame -> {
            throw new IllegalStateException("hang up");
        });
        assertThatThrownBy(() -> connection.request(MessageType.FLUSH, ControlConnection.Fields.NONE, ControlConnection.Result.NONE))
                .isInstanceOf(KernelGoneException.class).hasMessageContaining("is gone (BIOCFLUSH: the connection ended)");
        assertThatThrownBy(() -> connection.request(MessageType.GET_STATS, ControlConnection.Fields.NONE, ControlConnection.Result.NONE))
                .isInstanceOf(KernelGoneException.class).hasMessageContaining("BIOCFLUSH")
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EIO));
        connection.close();
        assertThatThrownBy(() -> connection.request(MessageType.FLUSH, ControlConnection.Fields.NONE, ControlConnection.Result.NONE))
                .isInstanceOf(DeviceClosedException.class);
        assertThat(connection.requests()).isEqualTo(1);
    }

    @Test
    void aDaemonThatHungUpBeforeTheRequestBreaksThePipe() throws Exception {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("fake.sock")));
        CompletableFuture<Void> hungUp = CompletableFuture.runAsync(() -> {
            try {
                server.accept().close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ControlConnection connection = ControlConnection.connect(dir.resolve("fake.sock"), sent);
        hungUp.get();
        Fields big = frame -> frame.putString("x".repeat(4000));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                connection.request(MessageType.SET_IF, big, ControlConnection.Result.NONE);
            }
        }).isInstanceOf(KernelGoneException.class).hasMessageContaining("is gone (BIOCSETIF: ").hasCauseInstanceOf(java.io.IOException.class);
        connection.close();
    }

    @Test
    void aDaemonPageSizeOtherThanOursIsRefused() throws Exception {
        ShmDevice device = deviceOn(frame -> frame.putInt(8192));
        assertThatThrownBy(device::handshake).isInstanceOf(BpfException.class).hasMessageContaining("8192-byte pages")
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EINVAL));
        device.close();
    }

    private void assertGone(Consumer<ControlFrame> answer, DeviceCall call, String why) throws Exception {
        ShmDevice device = deviceOn(answer);
        assertThatThrownBy(() -> call.run(device)).isInstanceOf(KernelGoneException.class).hasMessageContaining(why);
        device.close();
        server.close();
        java.nio.file.Files.deleteIfExists(dir.resolve("fake.sock"));
    }

    @FunctionalInterface
    private interface DeviceCall {
        Object run(ShmDevice device) throws Exception;
    }
}
