package io.zbuf.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code zbuf}: the command line of zbuf. */
@Command(name = "zbuf",
        mixinStandardHelpOptions = true,
        versionProvider = ZbufCommand.Version.class,
        description = "FreeBSD zero-copy BPF buffers on the JVM.",
        subcommands = {CaptureCommand.class, BackendsCommand.class, SourcesCommand.class, KernelCommand.class, DemoCommand.class, BenchCommand.class, BenchLiveCommand.class,
                JmhCommand.class, CommandLine.HelpCommand.class})
public final class ZbufCommand {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 wrong usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ZbufCommand root = new ZbufCommand();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("zbuf: " + OneLineError.describe(exception));
            if (root.verbose) {
                exception.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return 1;
        });
        return commandLine.execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ZbufCommand.class.getPackage().getImplementationVersion();
            return new String[] {"zbuf " + (version == null ? "(development build)" : version)};
        }
    }
}
