package io.zbuf.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code zbuf}: the command line of zbuf. */
@Command(name = "zbuf",
        mixinStandardHelpOptions = true,
        versionProvider = ZbufCommand.Version.class,
        description = "FreeBSD zero-copy BPF buffers on the JVM.",
        subcommands = {CaptureCommand.class, BackendsCommand.class, SourcesCommand.class, KernelCommand.class, DemoCommand.class, BenchCommand.class, BenchLiveCommand.class,
                JmhCommand.class, CommandLine.HelpCommand.class})
public final class ZbufCommand {
    /** Guice's switch for generated classes (its {@code InternalFlags}). */
    static final String GUICE_BYTECODE_OPTION = "guice_bytecode_gen_option";

    /** Options JMH has itself, with another meaning: {@code zbuf jmh} leaves them to JMH. */
    private static final Set<String> JMH_OWN_OPTIONS = Set.of("-h", "-v");

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    /**
     * Runs the command line and returns the exit code, as tcpdump's: 0 done, 1 failed, 2 wrong usage (picocli's
     * parameter errors).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine();
        ZbufCommand root = commandLine.getCommand();
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

    /** The command tree, every subcommand with {@code -h}/{@code --help}. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ZbufCommand());
        commandLine.getSubcommands().values().forEach(ZbufCommand::addHelpOption);
        return commandLine;
    }

    /**
     * {@code -h}/{@code --help} on {@code command} and its subcommands; {@code zbuf jmh} keeps only the long names of
     * zbuf's options, its {@code -h} and {@code -v} are JMH's.
     */
    private static void addHelpOption(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        boolean jmh = spec.userObject() instanceof JmhCommand;
        for (OptionSpec option : List.copyOf(spec.options())) {
            List<String> names = Arrays.stream(option.names()).filter(name -> !jmh || !JMH_OWN_OPTIONS.contains(name)).toList();
            if (names.size() < option.names().length) {
                spec.remove(option);
                spec.addOption(OptionSpec.builder(option).names(names.toArray(String[]::new)).build());
            }
        }
        if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
            spec.addOption(OptionSpec.builder(jmh ? new String[] {"--help"} : new String[] {"-h", "--help"})
                    .usageHelp(true).description("Show this help message and exit.").build());
        }
        command.getSubcommands().values().forEach(ZbufCommand::addHelpOption);
    }

    public static void main(String[] args) {
        // Guice 7 defines its fast classes through sun.misc.Unsafe, which JDK 24+ warns about; zbuf needs no AOP
        if (System.getProperty(GUICE_BYTECODE_OPTION) == null) {
            System.setProperty(GUICE_BYTECODE_OPTION, "DISABLED");
        }
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
