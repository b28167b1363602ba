package io.zbuf.shm;

import io.zbuf.shm.daemon.KernelDaemonMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kernel daemon in a child JVM started with this test's class path, as {@code zbuf kernel} runs it. Start
 * returns once its socket accepts connections.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final Path socket;

    private DaemonProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts a daemon at {@code socket} hosting {@code NAME=SOURCE} {@code interfaces}; its output goes to {@code log}. */
    static DaemonProcess start(Path socket, Path log, String... interfaces) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(KernelDaemonMain.class, socket, interfaces))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        DaemonProcess daemon = new DaemonProcess(process, socket);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!new ShmBackend(socket).isAvailable()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("the daemon did not come up at " + socket + ": " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return daemon;
    }

    /** {@code java -cp <this class path> mainClass --socket socket [--interface i ...]}. */
    static List<String> command(Class<?> mainClass, Path socket, String... interfaces) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass.getName(),
                "--socket", socket.toString()));
        for (String spec : interfaces) {
            command.add("--interface");
            command.add(spec);
        }
        return command;
    }

    Path socket() {
        return socket;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C: the daemon removes its socket on the way out. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
