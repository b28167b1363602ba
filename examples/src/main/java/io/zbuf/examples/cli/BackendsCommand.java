package io.zbuf.examples.cli;

import io.zbuf.core.Zbuf;
import io.zbuf.spi.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code zbuf backends}: every backend, whether it can work here, and why not. */
@Command(name = "backends", description = "List the backends, whether each is available here, and why not.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-8s  %-9s  %s%n", "BACKEND", "AVAILABLE", "DESCRIPTION / WHY NOT");
        for (Backend backend : Zbuf.backends().all()) {
            boolean available = backend.isAvailable();
            String detail = available ? backend.description() : OneLineError.describe(backend.unavailabilityCause());
            out.printf("%-8s  %-9s  %s%n", backend.name(), available ? "yes" : "no", detail);
        }
        out.flush();
        return 0;
    }
}
