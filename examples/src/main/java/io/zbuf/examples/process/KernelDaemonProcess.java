package io.zbuf.examples.process;

import io.zbuf.examples.cli.ZbufCommand;
import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.ShmBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code zbuf kernel}, the shm backend's kernel daemon, running in a child JVM with its socket in a private
 * temporary directory; {@link #close()} stops it and removes the directory.
 */
public final class KernelDaemonProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private final Path directory;
    private final Path socket;
    private final Path log;
    private final ChildJvm child;

    private KernelDaemonProcess(Path directory, Path socket, Path log, ChildJvm child) {
        this.directory = directory;
        this.socket = socket;
        this.log = log;
        this.child = child;
    }

    /**
     * Starts the daemon hosting {@code interfaces} ({@code NAME=SOURCE}; none: the daemon's default) and returns
     * once its socket answers.
     *
     * @throws IOException if the daemon exits or does not answer within 30 s, with what it printed
     */
    public static KernelDaemonProcess start(List<String> interfaces) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("zbuf-kernel-");
        Path socket = directory.resolve(DaemonSocket.FILE_NAME);
        Path log = directory.resolve("kernel.log");
        List<String> arguments = new ArrayList<>(List.of("kernel", "--socket", socket.toString()));
        for (String hosted : interfaces) {
            arguments.add("--interface");
            arguments.add(hosted);
        }
        KernelDaemonProcess daemon = new KernelDaemonProcess(directory, socket, log, ChildJvm.start(ZbufCommand.class, arguments, log));
        try {
            daemon.awaitSocket();
        } catch (IOException | InterruptedException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    /** The daemon's Unix socket. */
    public Path socket() {
        return socket;
    }

    /** The daemon's process id. */
    public long pid() {
        return child.pid();
    }

    /** A backend that talks to this daemon. */
    public ShmBackend backend() {
        return new ShmBackend(socket);
    }

    private void awaitSocket() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        ShmBackend probe = backend();
        while (!probe.isAvailable()) {
            if (!child.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IOException("the kernel daemon did not start: " + child.output());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Stops the daemon and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        child.close();
        Files.deleteIfExists(log);
        Files.deleteIfExists(socket);
        Files.deleteIfExists(directory);
    }
}
