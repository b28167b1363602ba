package io.zbuf.examples.cli;

import io.zbuf.core.source.SourceKind;
import io.zbuf.core.source.SourceKinds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code zbuf sources}: every kind of packet source, whether it can work here, and why not. */
@Command(name = "sources", description = {"List the kinds of packet source (--source, zbuf kernel --interface), whether each works here,"
        + " and why not."})
final class SourcesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s  %-9s  %s%n", "SOURCE", "AVAILABLE", "USAGE: DESCRIPTION / WHY NOT");
        for (SourceKind kind : SourceKinds.installed().all()) {
            boolean available = kind.isAvailable();
            String detail = available ? kind.description() : OneLineError.describe(kind.unavailabilityCause());
            out.printf("%-10s  %-9s  %s: %s%n", kind.name(), available ? "yes" : "no", kind.usage(), detail);
        }
        out.flush();
        return 0;
    }
}
