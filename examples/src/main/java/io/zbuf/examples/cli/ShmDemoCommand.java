package io.zbuf.examples.cli;

import io.zbuf.core.Zbuf;
import io.zbuf.examples.process.KernelDaemonProcess;
import io.zbuf.shm.DaemonSocket;
import io.zbuf.shm.ShmBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code zbuf demo shm}: starts the kernel daemon in a child JVM, captures from it across the process boundary
 * with {@code zbuf capture -b shm}, prints what crossed, the summary and the control messages sent, and stops
 * the child.
 */
@Command(name = "shm", description = {"Start a kernel daemon in a child JVM, capture from it across the process boundary",
        "and print the packets, the summary and how many control messages crossed."})
final class ShmDemoCommand implements Callable<Integer> {
    private static final String INTERFACE = "demo0";

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--count"}, defaultValue = "20", paramLabel = "N", description = "Packets to capture (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--source", defaultValue = "synthetic:size=128,rate=2000", paramLabel = "SOURCE",
            description = "What feeds the daemon's interface (default: ${DEFAULT-VALUE}).")
    String source;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KernelDaemonProcess daemon = KernelDaemonProcess.start(List.of(INTERFACE + "=" + source))) {
            out.printf("kernel daemon: pid %d, socket %s, interface %s=%s%n", daemon.pid(), daemon.socket(), INTERFACE, source);
            out.printf("this process: pid %d, capturing with -b shm%n%n", ProcessHandle.current().pid());
            out.flush();
            System.setProperty(DaemonSocket.PROPERTY, daemon.socket().toString());
            int code = ZbufCommand.run(new String[] {"capture", "-b", ShmBackend.NAME, "-i", INTERFACE, "-c", Long.toString(count),
                    "--timeout", "50"}, out, spec.commandLine().getErr());
            ShmBackend shm = (ShmBackend) Zbuf.backends().get(ShmBackend.NAME);
            out.printf("%d control messages crossed the socket (setup ioctls, then waits only when no buffer was ready)%n",
                    shm.controlMessages());
            out.flush();
            return code;
        }
    }
}
