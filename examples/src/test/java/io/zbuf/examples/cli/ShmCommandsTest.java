package io.zbuf.examples.cli;

import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.ShmBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zbuf kernel}, {@code zbuf capture -b shm} and {@code zbuf demo shm}, with the daemon in a child JVM. */
class ShmCommandsTest {
    @TempDir
    Path dir;

    private Process daemon;

    @AfterEach
    void stop() throws InterruptedException {
        System.clearProperty(DaemonSocket.PROPERTY);
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReplayCapturedFromTheKernelInAnotherJvmAndWrittenBackPrintsAsTheInput() throws Exception {
        Path socket = startKernel();
        System.setProperty(DaemonSocket.PROPERTY, socket.toString());
        Path output = dir.resolve("out.pcap");
        Run run = zbuf("capture", "-b", "shm", "--replay", TestCaptures.smtp().toString(), "-w", output.toString(), "-q");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("60 packets captured");
        assertThat(tcpdump(output)).isEqualTo(tcpdump(TestCaptures.smtp())).isNotEmpty();
        Run again = zbuf("capture", "-b", "shm", "--replay", TestCaptures.smtp().toString(), "-c", "3");
        assertThat(again.code).as(again.err).isZero();
        assertThat(again.out).contains("3 packets captured");
    }

    @Test
    void theDemoCapturesAcrossTheProcessBoundaryAndCountsTheMessages() {
        Run run = zbuf("demo", "shm", "-c", "5");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("kernel daemon: pid", "5 packets captured", "control messages crossed the socket");
        assertThat(run.out.lines().filter(line -> line.contains(" IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP"))).hasSize(5);
    }

    @Test
    void withoutADaemonTheShmBackendIsOneLineSayingHowToStartOne() {
        System.setProperty(DaemonSocket.PROPERTY, dir.resolve("none.sock").toString());
        Run run = zbuf("capture", "-b", "shm", "-c", "1");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err.lines()).hasSize(1).first().asString().contains("no zbuf kernel daemon at", "zbuf kernel");
        assertThat(zbuf("backends").out).containsPattern("shm\\s+no");
    }

    @Test
    void demoAloneShowsItsUsage() {
        Run run = zbuf("demo");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.out).contains("shm");
    }

    private Path startKernel() throws IOException, InterruptedException {
        Path socket = dir.resolve("k.sock");
        daemon = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ZbufCommand.class.getName(), "kernel", "--socket", socket.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("kernel.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!new ShmBackend(socket).isAvailable()) {
            assertThat(daemon.isAlive()).as("the kernel is running").isTrue();
            assertThat(System.nanoTime()).as("the kernel came up in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        return socket;
    }

    private static String tcpdump(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tcpdump", "-nn", "-tt", "-xx", "-r", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static Run zbuf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ZbufCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
