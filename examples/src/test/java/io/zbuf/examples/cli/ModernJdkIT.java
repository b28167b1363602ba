package io.zbuf.examples.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The built {@code zbuf.jar} on a JDK 24 or newer (Temurin 25 on the project's machines), where the JVM warns about
 * {@code sun.misc.Unsafe} and native access: every command works and not one line of standard error is a WARNING.
 * The JDK is {@code $ZBUF_MODERN_JAVA_HOME}, else the newest 24+ under {@code /usr/lib/jvm}, else the test fails
 * saying how to get one.
 */
@Tag("external-tool")
class ModernJdkIT {
    static final int MODERN_FEATURE = 24;
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private static Path java;

    @TempDir
    Path dir;

    @BeforeAll
    static void findModernJdk() throws IOException {
        Optional<Path> home = Optional.ofNullable(System.getenv("ZBUF_MODERN_JAVA_HOME")).map(Path::of).or(ModernJdkIT::newestUnderUsrLibJvm);
        if (home.isEmpty()) {
            fail("no JDK " + MODERN_FEATURE + " or newer under " + JVMS + " (nor $ZBUF_MODERN_JAVA_HOME): install Temurin 25"
                    + " (https://adoptium.net/installation/linux/: add packages.adoptium.net, then apt-get install -y temurin-25-jdk)");
        }
        java = home.get().resolve("bin/java");
        assertThat(java).as("the modern JDK's java").isExecutable();
    }

    private static Optional<Path> newestUnderUsrLibJvm() {
        try (Stream<Path> homes = Files.list(JVMS)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && feature(home) >= MODERN_FEATURE)
                    .max(Comparator.comparingInt(ModernJdkIT::feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The JDK's feature release from its {@code release} file, 0 if it has none. */
    static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"capture -c 10", "capture -D", "backends", "sources", "demo shm -c 5",
            "bench -c 20000 --runs 1 --warmups 0 --sizes 64,1500 --plot PLOT", "capture -i eth9 -c 1", "capture --help"})
    void everyCommandRunsWithoutAWarning(String command) throws Exception {
        List<String> line = new ArrayList<>(List.of(java.toString(), "-jar", System.getProperty("zbuf.jar")));
        for (String word : command.split(" ")) {
            line.add(word.equals("PLOT") ? dir.resolve("bench.svg").toString() : word);
        }
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(stderr.lines()).as("standard error of zbuf %s on %s", command, java).noneMatch(l -> l.contains("WARNING"));
        if (command.contains("eth9")) {
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(stderr).contains("the interfaces are sim0");
        } else {
            assertThat(process.exitValue()).as(stderr).isZero();
            assertThat(stdout).isNotBlank();
        }
    }
}
