package io.zbuf.examples.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM started from this one, on the same Java and class path: the shm kernel daemon of the demo, the
 * publishers of the cross-process benchmarks. Its output goes to a log file, read back when it fails.
 */
public final class ChildJvm implements AutoCloseable {
    /** Agrona and Aeron reach into {@code jdk.internal.misc}; the shaded jar's manifest says the same. */
    static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** JNA (the live source) loads native code: JDK 22+ warns unless the class path may; the jar's manifest says so only for -jar. */
    static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final int NATIVE_ACCESS_FEATURE = 22;
    private static final long STOP_SECONDS = 10;

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code main} with {@code arguments} in a new JVM whose standard output and error go to {@code log}. */
    public static ChildJvm start(Class<?> main, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), ADD_EXPORTS));
        if (Runtime.version().feature() >= NATIVE_ACCESS_FEATURE) {
            command.add(ENABLE_NATIVE_ACCESS);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ChildJvm(process, log);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for the child to end and returns its exit code. */
    public int awaitExit(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IOException("child JVM " + pid() + " did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** What the child printed so far, stripped, for an error message. */
    public String output() {
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            return "(its log " + log + " is unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
