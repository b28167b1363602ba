package io.zbuf.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code zbuf demo}: self-contained demonstrations, one per subcommand. */
@Command(name = "demo", description = "Self-contained demonstrations.", subcommands = ShmDemoCommand.class)
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }
}
