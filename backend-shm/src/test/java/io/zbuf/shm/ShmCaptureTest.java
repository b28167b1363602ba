package io.zbuf.shm;

import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.shm.daemon.KernelDaemon;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.CorruptBufferException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.KernelGoneException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Captures through a daemon in this JVM: the same zbuf-core consumer reads the shared file the daemon writes. */
class ShmCaptureTest {
    private static final Duration LIVENESS = Captures.LIVENESS;
    /** What a reader spends on each buffer, so that the kernel always has the next one ready. */
    private static final long SLOWER_THAN_THE_KERNEL = TimeUnit.MICROSECONDS.toNanos(500);

    @RegisterExtension
    final InProcessDaemon daemon = new InProcessDaemon();

    @TempDir
    Path tmp;

    @Test
    void everyPacketIsDeliveredOrCountedAsDropped() throws Exception {
        KernelDaemon kernel = daemon.start("shm0=synthetic:count=5000,size=100");
        ShmDevice device = daemon.backend().open();
        long delivered = 0;
        try (ZbufCapture capture = ZbufCapture.open(device, config("shm0").bufferSize(64 * 1024).build())) {
            assertThat(device.bufferMemory().file()).exists();
            assertThat(kernel.descriptors()).isEqualTo(1);
            try {
                while (true) {
                    delivered += capture.dispatch(record -> { }, LIVENESS);
                }
            } catch (InterfaceGoneException gone) {
                assertThat(delivered + capture.stats().dropped()).isEqualTo(5000);
            }
        }
        assertThat(delivered).isPositive();
        assertThat(device.bufferMemory().file()).doesNotExist();
    }

    @Test
    void aReplayedCaptureWrittenBackPrintsAsTheInput() throws Exception {
        daemon.start();
        ShmBackend backend = daemon.backend();
        Path out = tmp.resolve("out.pcap");
        Captures.replayAndWrite(backend, TestCaptures.smtp(), out);
        assertThat(Tcpdump.print(out)).isEqualTo(Tcpdump.print(TestCaptures.smtp()));
    }


    /**
     * A replay that fails mid-file, through the daemon: the reader gets every packet before the damage, then the
     * error, naming the file and the offset; the daemon logs one line, no stack trace, and serves the next capture.
     */
    @Test
    void aReplayCutMidFileReachesTheReaderAndTheDaemonKeepsServing() throws Exception {
        daemon.start();
        ShmBackend backend = daemon.backend();
        Path cut = tmp.resolve("cut.pcap");
        long offset = TestCaptures.cutInRecord(TestCaptures.smtp(), 40, cut);
        backend.createInterface("cut0", "pcap:" + cut);
        long delivered = 0;
        InterfaceGoneException gone = null;
        Logger log = Logger.getLogger("io.zbuf.host.HostedInterface");
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), config("cut0").build())) {
            while (true) {
                delivered += capture.dispatch(record -> { }, LIVENESS);
            }
        } catch (InterfaceGoneException e) {
            gone = e;
        } finally {
            log.removeHandler(handler);
        }
        assertThat(delivered).as("every packet before the cut").isEqualTo(40);
        assertThat(gone).as("the reader gets the error").isNotNull();
        assertThat(gone.getCause().getMessage()).startsWith(cut + ": truncated packet record at byte offset " + offset + ": ");
        assertThat(logged).singleElement().satisfies(record -> {
            assertThat(record.getMessage()).contains("cut0", "at byte offset " + offset);
            assertThat(record.getThrown()).as("one line").isNull();
        });
        Path out = tmp.resolve("out.pcap");
        Captures.replayAndWrite(backend, TestCaptures.smtp(), out);
        assertThat(Tcpdump.print(out)).isEqualTo(Tcpdump.print(TestCaptures.smtp()));
    }

    @Test
    void underSaturationTheReaderSendsNoMessagePerBuffer() throws Exception {
        KernelDaemon kernel = daemon.start("fast0=synthetic:size=200");
        ShmDevice device = daemon.backend().open();
        try (ZbufCapture capture = ZbufCapture.open(device, config("fast0").bufferSize(64 * 1024).build())) {
            while (capture.buffersReceived() < 10) {
                capture.dispatch(record -> { }, LIVENESS);
            }
            long messagesBefore = device.controlMessages();
            long buffersBefore = capture.buffersReceived();
            while (capture.buffersReceived() - buffersBefore < 1000) {
                capture.dispatch(record -> { }, LIVENESS);
                LockSupport.parkNanos(SLOWER_THAN_THE_KERNEL);
            }
            long messages = device.controlMessages() - messagesBefore;
            long buffers = capture.buffersReceived() - buffersBefore;
            assertThat(capture.stats().dropped()).as("saturated: the kernel dropped").isPositive();
            assertThat(kernel.controlMessages()).as("both sides count the same requests").isEqualTo(device.controlMessages());
            System.out.printf("saturation: %d control messages for %d buffers = %.1f per 1000 buffers%n",
                    messages, buffers, messages * 1000.0 / buffers);
            assertThat(messages).isLessThan(buffers);
        }
    }

    @Test
    void theUserSideRefusesABufferCorruptedFromOutsideAndTheDaemonGoesOn() throws Exception {
        daemon.start("burst0=synthetic:size=100,count=20");
        ShmDevice device = daemon.backend().open();
        ZbufConsumer consumer = Captures.lend(device, "burst0");
        assertThat(device.awaitReadable(LIVENESS)).isTrue();
        device.rotateZbuf();
        try (FileChannel file = FileChannel.open(device.bufferMemory().file(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 0x7fff_0000), ZbufHeader.KERNEL_LEN_OFFSET);
        }
        assertThatThrownBy(() -> consumer.poll().forEach(record -> { })).isInstanceOf(CorruptBufferException.class);
        device.close();
        assertThat(Captures.untilGone(daemon.backend(), "burst1", "synthetic:size=100,count=20")).isPositive();
    }

    @Test
    void theDaemonSurvivesAUserScribblingOverItsWholeFile() throws Exception {
        KernelDaemon kernel = daemon.start("fast0=synthetic:size=300");
        ShmDevice scribbler = daemon.backend().open();
        ZbufConsumer consumer = Captures.lend(scribbler, "fast0");
        Random random = new Random(42);
        byte[] garbage = new byte[2 * 4096 * 4];
        try (FileChannel file = FileChannel.open(scribbler.bufferMemory().file(), StandardOpenOption.WRITE)) {
            for (int round = 0; round < 200; round++) {
                random.nextBytes(garbage);
                file.write(ByteBuffer.wrap(garbage), 0);
                scribbler.rotateZbuf();
            }
        }
        assertThat(consumer).isNotNull();
        assertThat(kernel.descriptors()).isEqualTo(1);
        assertThat(Captures.untilGone(daemon.backend(), "other0", "synthetic:size=100,count=20")).isPositive();
        scribbler.close();
    }

    @Test
    void aFileTruncatedUnderTheDaemonClosesOnlyThatDescriptor() throws Exception {
        KernelDaemon kernel = daemon.start("fast0=synthetic:size=300");
        ShmDevice truncated = daemon.backend().open();
        Captures.lend(truncated, "fast0");
        ShmDevice bystander = daemon.backend().open();
        assertThat(kernel.descriptors()).isEqualTo(2);
        try (FileChannel file = FileChannel.open(truncated.bufferMemory().file(), StandardOpenOption.WRITE)) {
            file.truncate(0);
        }
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        while (kernel.descriptors() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(kernel.descriptors()).isEqualTo(1);
        assertThatThrownBy(truncated::stats).isInstanceOf(KernelGoneException.class);
        assertThat(bystander.bufferMode()).isEqualTo(BufferMode.BUFFER);
        assertThat(Captures.untilGone(daemon.backend(), "other0", "synthetic:size=100,count=20")).isPositive();
        bystander.close();
        truncated.close();
    }

    @Test
    void closingTheDescriptorWakesAWaiter() throws Exception {
        daemon.start("quiet0=synthetic:rate=1,count=1");
        ShmDevice device = daemon.backend().open();
        ZbufCapture capture = ZbufCapture.open(device, config("quiet0").readTimeout(Duration.ZERO).build());
        capture.dispatch(record -> { }, Duration.ofMillis(1));
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return capture.dispatch(record -> { }, LIVENESS);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(100);
        capture.close();
        assertThatThrownBy(() -> waiter.get(LIVENESS.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(DeviceClosedException.class);
    }

    @Test
    void aDaemonThatStopsIsReportedAsGoneAndAHandedOverBufferStaysReadable() throws Exception {
        KernelDaemon kernel = daemon.start("burst0=synthetic:size=100,count=50");
        ShmDevice device = daemon.backend().open();
        ZbufConsumer consumer = Captures.lend(device, "burst0");
        assertThat(device.awaitReadable(LIVENESS)).isTrue();
        device.rotateZbuf();
        HeldBuffer held = consumer.poll();
        assertThat(held).isNotNull();
        kernel.close();
        assertThatThrownBy(() -> device.awaitReadable(LIVENESS)).isInstanceOf(KernelGoneException.class)
                .hasMessageContaining("is gone");
        assertThatThrownBy(device::stats).isInstanceOf(KernelGoneException.class);
        assertThat(held.forEach(record -> { })).isPositive();
        held.acknowledge();
        device.close();
    }

    private static CaptureConfig.Builder config(String name) {
        return CaptureConfig.builder().interfaceName(name).readTimeout(Duration.ofMillis(20))
                .timestampType(TimestampType.of(TimestampFormat.MICROTIME));
    }
}
