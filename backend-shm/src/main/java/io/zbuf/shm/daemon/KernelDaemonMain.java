package io.zbuf.shm.daemon;

import io.zbuf.core.source.SourceSpec;
import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.SharedFiles;
import io.zbuf.spi.BpfException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a kernel daemon in the foreground until the process is stopped:
 * {@code java -cp ... io.zbuf.shm.daemon.KernelDaemonMain [--socket PATH] [--group GROUP] [--interface NAME=SOURCE ...]}.
 * Without {@code --interface} it hosts {@value KernelDaemon#DEFAULT_INTERFACE}. The {@code zbuf kernel}
 * command does the same with a friendlier command line.
 */
public final class KernelDaemonMain {
    private KernelDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = DaemonSocket.resolve();
        List<String> interfaces = new ArrayList<>();
        String group = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--socket") && value != null) {
                socket = Path.of(value);
            } else if (args[i].equals("--group") && value != null) {
                group = value;
            } else if (args[i].equals("--interface") && value != null) {
                interfaces.add(value);
            } else {
                System.err.println("usage: KernelDaemonMain [--socket PATH] [--group GROUP] [--interface NAME=SOURCE ...]");
                System.exit(2);
            }
            i++;
        }
        runUntilStopped(socket, group, interfaces.isEmpty() ? List.of(KernelDaemon.DEFAULT_INTERFACE) : interfaces, List.of());
    }

    /** Starts a daemon, prints where it listens, and serves until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public static void runUntilStopped(Path socket, List<String> interfaces) throws Exception {
        runUntilStopped(socket, null, interfaces, List.of());
    }

    /**
     * As {@link #runUntilStopped(Path, List)}, for the members of {@code group} too if it is not null (see
     * {@link KernelDaemon#start(Path, List, SharedFiles, String)}), and hosts each {@code NAME=SOURCE} of
     * {@code optional} that can be opened (every interface of the host, say): those that cannot are skipped with a
     * line on standard error.
     */
    public static void runUntilStopped(Path socket, String group, List<String> interfaces, List<String> optional) throws Exception {
        KernelDaemon daemon = KernelDaemon.start(socket, interfaces, new SharedFiles(SharedFiles.DEFAULT_DIRECTORY), group);
        for (String spec : optional) {
            try {
                SourceSpec.Interface binding = SourceSpec.parseInterface(spec);
                daemon.kernel().createInterface(binding.name(), binding.source().toString());
            } catch (BpfException | IllegalArgumentException e) {
                System.err.println("zbuf kernel: skipping " + spec + ": " + e.getMessage());
            }
        }
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
