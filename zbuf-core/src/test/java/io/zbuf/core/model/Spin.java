package io.zbuf.core.model;

import io.zbuf.core.pcap.ExternalTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The verifier spin generates from {@code src/test/promela/zbuf.pml} for one variant (a set of {@code -D}
 * macros), in a directory of its own under {@code target/spin}: the model is copied there, so that spin's
 * files and pan's trail land beside it and never in the sources. A missing spin or gcc fails the test with the
 * {@code apt-get install} line.
 */
final class Spin {
    /** The model, relative to the module's directory (the tests' working directory). */
    static final Path MODEL = Path.of("src", "test", "promela", "zbuf.pml");
    private static final Path OUTPUT = Path.of("target", "spin");
    private static final String DEPTH_LIMIT = "-m100000";

    private final Path directory;
    private final List<String> defines;
    private final String modelFile;

    private Spin(Path directory, List<String> defines) {
        this.directory = directory;
        this.defines = defines;
        this.modelFile = MODEL.getFileName().toString();
    }

    /**
     * Copies the model into {@code target/spin/<name>} (emptied first, so that no trail of an earlier run is
     * left) and generates the verifier there: {@code spin -a}.
     */
    static Spin generate(String name, List<String> defines) {
        Path directory = OUTPUT.resolve(name).toAbsolutePath();
        try {
            deleteRecursively(directory);
            Files.createDirectories(directory);
            Files.copy(MODEL, directory.resolve(MODEL.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Spin spin = new Spin(directory, List.copyOf(defines));
        ExternalTool.run(directory, spin.spinCommand("-a"));
        return spin;
    }

    /**
     * Safety: compiles pan without the LTL claim ({@code -DSAFETY -DNOCLAIM}) and searches the whole state space
     * for assertion violations and invalid end states (deadlocks).
     */
    PanResult checkSafety() {
        return search("pan-safety", List.of("-DSAFETY", "-DNOCLAIM"), List.of());
    }

    /** Liveness: compiles pan with the LTL formula {@code claim} and searches for acceptance cycles under weak fairness. */
    PanResult checkLiveness(String claim) {
        return search("pan-liveness", List.of(), List.of("-a", "-f", "-N", claim));
    }

    /** {@code spin -t}: replays the trail the last check left. */
    SpinTrail replay() {
        String output = ExternalTool.run(directory, spinCommand("-t"));
        keep("trail.txt", output);
        return SpinTrail.parse(output);
    }

    private PanResult search(String binary, List<String> compileFlags, List<String> runFlags) {
        List<String> gcc = new ArrayList<>(List.of("gcc", "-O0"));
        gcc.addAll(compileFlags);
        gcc.addAll(List.of("-o", binary, "pan.c"));
        ExternalTool.run(directory, gcc.toArray(String[]::new));
        Path trail = directory.resolve(modelFile + ".trail");
        try {
            Files.deleteIfExists(trail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> pan = new ArrayList<>(List.of("./" + binary, DEPTH_LIMIT));
        pan.addAll(runFlags);
        String output = ExternalTool.run(directory, pan.toArray(String[]::new));
        keep(binary + ".txt", output);
        return PanResult.parse(output, Files.exists(trail));
    }

    /** Leaves a tool's output beside the model, for a person to read. */
    private void keep(String fileName, String output) {
        try {
            Files.writeString(directory.resolve(fileName), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String[] spinCommand(String mode) {
        List<String> command = new ArrayList<>(List.of("spin"));
        command.addAll(defines);
        command.add(mode);
        command.add(modelFile);
        return command.toArray(String[]::new);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
