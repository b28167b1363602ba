package io.zbuf.examples.cli;

import io.zbuf.afpacket.LinuxInterfaces;
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
            + "live:IFACE[,promisc,...] (Linux), synthetic[:size=64,rate=PPS,count=N,...] or pcap:FILE[,loop=N,rate=PPS]."
            + " Repeatable (default: " + KernelDaemon.DEFAULT_INTERFACE + ").")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--live", paramLabel = "SETTINGS", arity = "0..1", fallbackValue = "",
            description = "Host every interface of this Linux host under its own name (NAME=live:NAME), with these settings"
                    + " if given (--live=promisc,ring=16m); one that cannot be opened is skipped with a warning. Needs CAP_NET_RAW.")
    String live;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Serve the members of this group too: the socket is theirs to connect to (0660, in a 0750 directory"
                    + " the daemon creates), each maps only its own files, only the daemon's user creates interfaces."
                    + " Run the daemon as root with --live and its readers need no privilege.")
    String group;

    @Override
    public Integer call() throws Exception {
        List<String> optional = new ArrayList<>();
        if (live != null) {
            for (String name : LinuxInterfaces.names()) {
                optional.add(name + "=live:" + name + (live.isBlank() ? "" : "," + live));
            }
        }
        List<String> required = interfaces.isEmpty() && live == null ? List.of(KernelDaemon.DEFAULT_INTERFACE) : interfaces;
        KernelDaemonMain.runUntilStopped(socket == null ? DaemonSocket.resolve() : socket, group, required, optional);
        return 0;
    }
}
