package io.zbuf.examples.cli;

import static io.zbuf.examples.cli.CommandRun.tcpdump;
import static io.zbuf.examples.cli.CommandRun.zbuf;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.examples.process.KernelDaemonProcess;
import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.ShmBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zbuf kernel}, {@code zbuf capture -b shm} and {@code zbuf demo shm}, with the daemon in a child JVM. */
class ShmCommandsTest {
    @TempDir
    Path dir;

    private KernelDaemonProcess daemon;

    @AfterEach
    void stop() throws IOException, InterruptedException {
        System.clearProperty(DaemonSocket.PROPERTY);
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aReplayCapturedFromTheKernelInAnotherJvmAndWrittenBackPrintsAsTheInput() throws Exception {
        Path socket = startKernel();
        System.setProperty(DaemonSocket.PROPERTY, socket.toString());
        Path output = dir.resolve("out.pcap");
        CommandRun run = zbuf("capture", "-b", "shm", "--replay", TestCaptures.smtp().toString(), "-w", output.toString(), "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("60 packets captured");
        assertThat(tcpdump(output, "micro")).isEqualTo(tcpdump(TestCaptures.smtp(), "micro")).isNotEmpty();
        CommandRun again = zbuf("capture", "-b", "shm", "--replay", TestCaptures.smtp().toString(), "-c", "3");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 packets captured");
    }

    @Test
    void dashDListsTheDaemonsInterfacesAndAnUnknownOneIsNamedWithThem() throws Exception {
        System.setProperty(DaemonSocket.PROPERTY, startKernel().toString());
        CommandRun list = zbuf("capture", "-b", "shm", "-D");
        assertThat(list.code()).as(list.err()).isZero();
        List<String> interfaces = list.out().lines().map(line -> line.substring(line.indexOf('.') + 1)).toList();
        assertThat(list.out().lines()).isNotEmpty().allMatch(line -> line.matches("\\d+\\.\\S+")).first().asString().startsWith("1.");

        CommandRun unknown = zbuf("capture", "-b", "shm", "-i", "eth9", "-c", "1");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("zbuf: BIOCSETIF: no interface named eth9; the interfaces are "
                + String.join(", ", interfaces) + " (ENXIO)\n");
    }

    @Test
    void theDemoCapturesAcrossTheProcessBoundaryAndCountsTheMessages() {
        CommandRun run = zbuf("demo", "shm", "-c", "5");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("kernel daemon: pid", "5 packets captured", "control messages crossed the socket");
        assertThat(run.out().lines().filter(line -> line.contains(" IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP"))).hasSize(5);
    }

    @Test
    void withoutADaemonTheShmBackendIsOneLineSayingHowToStartOne() {
        System.setProperty(DaemonSocket.PROPERTY, dir.resolve("none.sock").toString());
        CommandRun run = zbuf("capture", "-b", "shm", "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("no zbuf kernel daemon at", "zbuf kernel");
        assertThat(zbuf("backends").out()).containsPattern("shm\\s+no");
    }

    @Test
    void demoAloneShowsItsUsage() {
        CommandRun run = zbuf("demo");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).contains("shm");
    }

    private Path startKernel() throws IOException, InterruptedException {
        daemon = KernelDaemonProcess.start(List.of());
        return daemon.socket();
    }
}
