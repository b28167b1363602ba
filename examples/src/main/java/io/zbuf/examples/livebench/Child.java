package io.zbuf.examples.livebench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process of the benchmark that is told what to do by lines on its standard input and answers with lines on its
 * standard output; what it says on standard error goes to a log file. Every wait is bounded.
 */
final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}, its standard error appended to {@code log}. */
    static Child start(String name, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Child(name, process);
    }

    /** Sends a line. */
    void tell(String line) {
        commands.println(line);
    }

    /**
     * The next line that starts with {@code prefix}, within {@code seconds}.
     *
     * @throws IllegalStateException if the process ended or said nothing of the kind in time
     */
    String await(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (long left = TimeUnit.SECONDS.toNanos(seconds); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new IllegalStateException(name + " ended (exit " + process.exitValue() + ") before saying '" + prefix + "'; see its log");
            }
        }
        throw new IllegalStateException(name + " did not say '" + prefix + "' within " + seconds + " s; see its log");
    }

    /** The process, for a signal. */
    Process process() {
        return process;
    }

    /** Closes its input (the end for it), waits a little, then kills it. */
    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
