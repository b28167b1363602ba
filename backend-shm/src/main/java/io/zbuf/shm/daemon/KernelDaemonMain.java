package io.zbuf.shm.daemon;

import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.SharedFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a kernel daemon in the foreground until the process is stopped:
 * {@code java -cp ... io.zbuf.shm.daemon.KernelDaemonMain [--socket PATH] [--interface NAME=SOURCE ...]}.
 * Without {@code --interface} it hosts {@value KernelDaemon#DEFAULT_INTERFACE}. The {@code zbuf kernel}
 * command does the same with a friendlier command line.
 */
public final class KernelDaemonMain {
    private KernelDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = DaemonSocket.resolve();
        List<String> interfaces = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--socket") && value != null) {
                socket = Path.of(value);
            } else if (args[i].equals("--interface") && value != null) {
                interfaces.add(value);
            } else {
                System.err.println("usage: KernelDaemonMain [--socket PATH] [--interface NAME=SOURCE ...]");
                System.exit(2);
            }
            i++;
        }
        runUntilStopped(socket, interfaces.isEmpty() ? List.of(KernelDaemon.DEFAULT_INTERFACE) : interfaces);
    }

    /** Starts a daemon, prints where it listens, and serves until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public static void runUntilStopped(Path socket, List<String> interfaces) throws Exception {
        KernelDaemon daemon = KernelDaemon.start(socket, interfaces, new SharedFiles(SharedFiles.DEFAULT_DIRECTORY));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "zbuf-kernel-shutdown"));
        System.out.println("zbuf kernel listening at " + daemon.socket() + ", interfaces " + daemon.kernel().interfaces());
        System.out.flush();
        stopped.await();
    }
}
