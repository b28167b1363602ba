package io.zbuf.shm;

import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.KernelGoneException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared-memory backend across real process boundaries: the daemon runs in a child JVM, readers in this
 * one or in another child; processes are killed with SIGKILL. Durations are printed, never asserted, except
 * as generous liveness bounds.
 */
class ShmProcessTest {
    private static final Duration LIVENESS = Captures.LIVENESS;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    private DaemonProcess daemon(String... interfaces) throws Exception {
        DaemonProcess daemon = DaemonProcess.start(tmp.resolve("k.sock"), tmp.resolve("daemon.log"), interfaces);
        started.add(daemon);
        return daemon;
    }

    @Test
    void aPcapReplayedInTheDaemonAndWrittenHerePrintsAsTheInput() throws Exception {
        DaemonProcess daemon = daemon();
        ShmBackend backend = new ShmBackend(daemon.socket());
        Path out = tmp.resolve("out.pcap");
        Captures.replayAndWrite(backend, TestCaptures.smtp(), out);
        assertThat(Tcpdump.print(out)).isEqualTo(Tcpdump.print(TestCaptures.smtp()));
    }

    @Test
    void aReaderWaitingWhenTheDaemonIsKilledLearnsItIsGone() throws Exception {
        DaemonProcess daemon = daemon("quiet0=synthetic:rate=1,count=1");
        ShmDevice device = new ShmBackend(daemon.socket()).open();
        ZbufCapture capture = ZbufCapture.open(device, CaptureConfig.builder().interfaceName("quiet0").readTimeout(Duration.ZERO).build());
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    capture.dispatch(record -> { }, LIVENESS);
                }
            } catch (KernelGoneException e) {
                return System.nanoTime();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(300);
        long killed = System.nanoTime();
        daemon.kill();
        long noticed = waiter.get(LIVENESS.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("daemon killed while the reader waited: KernelGoneException after %.1f ms%n", (noticed - killed) / 1e6);
        assertThatThrownBy(capture::stats).isInstanceOf(KernelGoneException.class).hasMessageContaining(daemon.socket().toString());
        capture.close();
        assertThat(device.bufferMemory().file()).doesNotExist();
    }

    @Test
    void aBufferHandedOverStaysReadableAfterTheDaemonIsKilled() throws Exception {
        DaemonProcess daemon = daemon("burst0=synthetic:size=100,count=30");
        ShmDevice device = new ShmBackend(daemon.socket()).open();
        ZbufConsumer consumer = Captures.lend(device, "burst0");
        assertThat(device.awaitReadable(LIVENESS)).isTrue();
        device.rotateZbuf();
        HeldBuffer held = consumer.poll();
        assertThat(held).isNotNull();
        daemon.kill();
        List<Integer> lengths = new ArrayList<>();
        assertThat(held.forEach(record -> lengths.add(record.caplen()))).isPositive();
        assertThat(lengths).allMatch(length -> length == 100);
        held.acknowledge();
        assertThatThrownBy(device::rotateZbuf).isInstanceOf(KernelGoneException.class);
        device.close();
    }

    @Test
    void aKilledReaderIsFreedWithItsFileAndOthersAreStillServed() throws Exception {
        DaemonProcess daemon = daemon("quiet0=synthetic:rate=5");
        Process reader = reader(daemon, "quiet0");
        Path file = Path.of(firstLine(reader));
        assertThat(file).exists();
        long killed = System.nanoTime();
        reader.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long deadline = killed + LIVENESS.toNanos();
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        System.out.printf("reader killed: the daemon removed its file after %.1f ms%n", (System.nanoTime() - killed) / 1e6);
        assertThat(file).doesNotExist();
        assertThat(daemon.handle().isAlive()).isTrue();
        assertThat(Captures.untilGone(new ShmBackend(daemon.socket()), "more0", "synthetic:size=64,count=50,rate=5000")).isPositive();
    }

    @Test
    void aRestartedDaemonRemovesOrphansAndServesNewCaptures() throws Exception {
        DaemonProcess first = daemon("quiet0=synthetic:rate=5");
        Process reader = reader(first, "quiet0");
        Path orphan = Path.of(firstLine(reader));
        first.kill();
        reader.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(orphan).exists();
        DaemonProcess second = daemon("quiet0=synthetic:rate=5");
        assertThat(orphan).doesNotExist();
        assertThat(Captures.untilGone(new ShmBackend(second.socket()), "again0", "synthetic:size=64,count=50,rate=5000")).isPositive();
    }

    @Test
    void anIdleReaderAndDaemonBarelyUseTheProcessor() throws Exception {
        DaemonProcess daemon = daemon("quiet0=synthetic:rate=1");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ZbufCapture capture = ZbufCapture.open(new ShmBackend(daemon.socket()).open(),
                CaptureConfig.builder().interfaceName("quiet0").readTimeout(Duration.ZERO).build())) {
            capture.dispatch(record -> { }, Duration.ofMillis(500));
            Duration daemonBefore = daemon.handle().info().totalCpuDuration().orElseThrow();
            long readerBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
                capture.dispatch(record -> { }, Duration.ofMillis(200));
            }
            double wall = System.nanoTime() - start;
            double daemonShare = (daemon.handle().info().totalCpuDuration().orElseThrow().minus(daemonBefore).toNanos()) / wall;
            double readerShare = (threads.getCurrentThreadCpuTime() - readerBefore) / wall;
            System.out.printf("idle over %.1f s: daemon %.2f%% of a core, reader thread %.2f%% of a core%n",
                    wall / 1e9, daemonShare * 100, readerShare * 100);
            assertThat(daemonShare + readerShare).as("no busy loop").isLessThan(0.5);
        }
    }

    /** A {@link ReaderMain} in a child JVM, capturing from {@code name}; killed after the test if still running. */
    private Process reader(DaemonProcess daemon, String name) throws IOException {
        Process reader = new ProcessBuilder(DaemonProcess.command(ReaderMain.class, daemon.socket(), name))
                .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("reader.log").toFile())).start();
        started.add(reader::destroyForcibly);
        return reader;
    }

    private static String firstLine(Process process) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null) {
            throw new IOException("the reader ended before printing its file");
        }
        return line;
    }

}
