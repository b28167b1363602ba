package io.zbuf.examples.cli;

import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.daemon.KernelDaemon;
import io.zbuf.shm.daemon.KernelDaemonMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zbuf kernel}: the shared-memory backend's kernel daemon, in the foreground until Ctrl-C. */
@Command(name = "kernel", description = {"Run the kernel daemon of the shm backend in this JVM until Ctrl-C.",
        "Users attach with `zbuf capture -b shm` (same socket) from other processes."})
final class KernelCommand implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH", description = "Unix socket to listen at (default: $ZBUF_SHM_SOCKET or "
            + "${XDG_RUNTIME_DIR:-/tmp}/zbuf-$USER/kernel.sock).")
    Path socket;

    @Option(names = "--interface", paramLabel = "NAME=SOURCE", description = "An interface to host, fed by a source: "
            + "synthetic[:size=64,rate=PPS,count=N,...] or pcap:FILE[,loop=N,rate=PPS]. Repeatable (default: "
            + KernelDaemon.DEFAULT_INTERFACE + ").")
    List<String> interfaces = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        KernelDaemonMain.runUntilStopped(socket == null ? DaemonSocket.resolve() : socket,
                interfaces.isEmpty() ? List.of(KernelDaemon.DEFAULT_INTERFACE) : interfaces);
        return 0;
    }
}
