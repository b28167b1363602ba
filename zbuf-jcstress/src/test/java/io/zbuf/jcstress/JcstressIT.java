package io.zbuf.jcstress;

import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged {@code jcstress.jar} the way a person would, with the bounded arguments of the build
 * ({@code jcstress.args} in this module's pom), then grades its result file with jcstress's own grading: every
 * test must have run and passed (no forbidden or unknown outcome, no error). What each test observed, the
 * interesting outcomes of the plain-access tests included, goes to the build log and to
 * {@code target/jcstress/observed.txt}.
 */
class JcstressIT {
    private static final List<Class<?>> TESTS = List.of(KernelGenPublishesTheRecord.class,
            KernelGenPublishesTheRecordPlain.class, UserGenReleasesTheRecord.class, UserGenReleasesTheRecordPlain.class,
            DescriptorHandsOverToTheConsumer.class, ConsumerAcknowledgesToTheDescriptor.class);
    private static final long RUN_LIMIT_MINUTES = 15;

    @Test
    void everyTestRunsAndPasses() throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "jcstress").toAbsolutePath());
        try (Stream<Path> files = Files.list(directory)) {
            for (Path earlier : files.filter(JcstressIT::isResultFile).toList()) {
                Files.delete(earlier);
            }
        }

        run(directory);
        Map<String, List<TestResult>> results = results(directory);

        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(TESTS.stream().map(Class::getName).toList());
        String observed = observed(results);
        System.out.print(observed);
        Files.writeString(directory.resolve("observed.txt"), observed);
        List<String> failures = new ArrayList<>();
        results.forEach((test, runs) -> runs.forEach(run -> {
            TestGrading grading = run.grading();
            if (run.status() != Status.NORMAL || !grading.isPassed) {
                failures.add(test + " " + run.getConfig() + ": " + run.status() + " " + grading.failureMessages + " "
                        + run.getMessages() + " " + run.getVmErr());
            }
        }));
        assertThat(failures).as("jcstress failures; the report is in %s", directory.resolve("results")).isEmpty();
    }

    private static void run(Path directory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("jcstress.jar")));
        command.addAll(List.of(System.getProperty("jcstress.args", "").trim().split("\\s+")));
        command.addAll(List.of("-r", directory.resolve("results").toString()));
        Path output = directory.resolve("output.txt");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("jcstress ran longer than " + RUN_LIMIT_MINUTES + " minutes: " + command);
        }
        assertThat(process.exitValue()).as("%s exited; its output is in %s", command, output).isZero();
    }

    /** The results in the run's result file, by test. */
    private static Map<String, List<TestResult>> results(Path directory) throws Exception {
        Path file;
        try (Stream<Path> files = Files.list(directory)) {
            file = files.filter(JcstressIT::isResultFile).findFirst()
                    .orElseThrow(() -> new AssertionError("jcstress wrote no result file in " + directory));
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(file.toString(), collector);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        return collector.getTestResults().stream().collect(Collectors.groupingBy(TestResult::getName, TreeMap::new, Collectors.toList()));
    }

    /** jcstress's result file, {@code jcstress-results-<time>.bin.gz}, written where it runs. */
    private static boolean isResultFile(Path path) {
        return path.getFileName().toString().endsWith(".bin.gz");
    }

    /** Per test: every outcome observed, summed over the JVM configurations, with its grade and description. */
    private static String observed(Map<String, List<TestResult>> results) {
        StringBuilder text = new StringBuilder("jcstress: what each test observed (outcome: samples, grade)\n");
        results.forEach((test, runs) -> {
            Map<String, Long> samples = new TreeMap<>();
            Map<String, GradingResult> grades = new TreeMap<>();
            for (TestResult run : runs) {
                run.grading().gradingResults.forEach((state, grade) -> {
                    samples.merge(state, grade.count, Long::sum);
                    grades.putIfAbsent(state, grade);
                });
            }
            text.append("  ").append(test.substring(test.lastIndexOf('.') + 1)).append(" (").append(runs.size())
                    .append(runs.size() == 1 ? " configuration)\n" : " configurations)\n");
            samples.forEach((state, count) -> text.append(String.format("    %-14s %,14d  %s: %s%n", state, count,
                    grades.get(state).expect, grades.get(state).description)));
        });
        return text.toString();
    }
}
