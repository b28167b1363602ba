package io.zbuf.core.kernel;

import io.zbuf.core.kernel.seed.SeedBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link SeedComparison} on a compiled seed in a JVM of its own, so that a crash in C (a guard page hit, an
 * abort) is a result with a message, not the end of the test run. Test-only.
 */
final class SeedProcess {
    private SeedProcess() {
    }

    /** What the comparison printed, and how its JVM ended: 0 no difference, 1 a mismatch, else a crash. */
    record Result(int exitStatus, String output) {
        boolean passed() {
            return exitStatus == 0 && output.startsWith("OK ");
        }

        /** Whether the comparison found a difference: a mismatch, or a crash of the JVM running the C (a signal). */
        boolean failedAComparison() {
            return exitStatus == 1 && output.startsWith("MISMATCH ") || exitStatus > 128;
        }

        /** How a failing run ended, in a line. */
        String verdict() {
            if (passed()) {
                return "no difference";
            }
            if (!failedAComparison()) {
                return "did not run (exit status " + exitStatus + "): " + output;
            }
            String first = output.lines().findFirst().orElse("");
            return exitStatus == 1 ? first : "crashed (exit status " + exitStatus + "): " + first;
        }
    }

    /** Seeds {@code first} to {@code first + seeds - 1}, {@code steps} steps each, on {@code library}. */
    static Result run(Path library, long first, int seeds, int steps) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:ErrorFile=" + SeedBuild.buildDirectory().resolve("hs_err_pid%p.log"), "-cp", System.getProperty("java.class.path")));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of(SeedComparison.class.getName(), library.toString(), Long.toString(first),
            Integer.toString(seeds), Integer.toString(steps)));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the seed comparison ran", e);
        }
    }
}
