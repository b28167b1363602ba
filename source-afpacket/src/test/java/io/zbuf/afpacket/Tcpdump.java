package io.zbuf.afpacket;

import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real tcpdump, the oracle of the live tests: a capture on an interface of a test's namespace, at the same
 * time as zbuf's, written with nanosecond timestamps; and filter expressions compiled to classic BPF.
 */
public final class Tcpdump implements AutoCloseable {
    private static final long START_SECONDS = 30;
    private static final Pattern STATISTIC = Pattern.compile("(\\d+) packets? (captured|received by filter|dropped by kernel)");

    private final Process process;
    private final Path log;
    private final Path file;

    private Tcpdump(Process process, Path log, Path file) {
        this.process = process;
        this.log = log;
        this.file = file;
    }

    /**
     * Starts {@code tcpdump -i iface -w file} inside {@code namespace} (each packet written at once, nanosecond
     * timestamps, a 64 MiB buffer so that a test's burst is never dropped, {@code options} before the filter
     * {@code expression} if not null) and returns once it listens. Its ring hands packets over up to a second late:
     * {@link #awaitPackets} waits for them.
     */
    public static Tcpdump capture(NetworkNamespace namespace, String iface, Path file, List<String> options, String expression)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(file.getParent(), "tcpdump", ".log");
        List<String> command = new ArrayList<>(List.of("tcpdump", "-i", iface, "-w", file.toString(), "-U", "-n", "-Z", "root",
                "--time-stamp-precision=nano", "-s", "65535", "-B", "65536"));
        command.addAll(options);
        if (expression != null) {
            command.add(expression);
        }
        Process process;
        try {
            process = namespace.start(new ProcessBuilder(namespace.command(command.toArray(String[]::new))).redirectErrorStream(true)
                    .redirectOutput(log.toFile()));
        } catch (IOException e) {
            throw new AssertionError("tcpdump is needed by this test (apt-get install tcpdump): " + e.getMessage(), e);
        }
        Tcpdump tcpdump = new Tcpdump(process, log, file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!Files.readString(log).contains("listening on")) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new AssertionError("tcpdump did not start: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        return tcpdump;
    }

    /** Waits until tcpdump wrote {@code count} packets (at most 20 s) and returns them. */
    public List<CapturedPacket> awaitPackets(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<CapturedPacket> packets = List.of();
        while (packets.size() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            try {
                packets = CapturedPacket.read(file);
            } catch (IOException e) {
                // a record half written: look again
            }
        }
        return packets;
    }

    /** Stops the capture as Ctrl-C would (the file is complete then) and returns what tcpdump counted. */
    public Statistics stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tcpdump did not stop: " + Files.readString(log));
        }
        String output = Files.readString(log);
        long[] counts = new long[3];
        Matcher matcher = STATISTIC.matcher(output);
        int found = 0;
        while (matcher.find()) {
            counts[switch (matcher.group(2)) {
                case "captured" -> 0;
                case "received by filter" -> 1;
                default -> 2;
            }] = Long.parseLong(matcher.group(1));
            found++;
        }
        if (found != 3) {
            throw new AssertionError("tcpdump printed no statistics: " + output);
        }
        return new Statistics(counts[0], counts[1], counts[2]);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /**
     * The program {@code tcpdump -ddd} compiles {@code expression} to for Ethernet (decimal: a count, then one
     * {@code code jt jf k} per line).
     */
    public static BpfProgram compile(String expression) {
        String output = run(List.of("tcpdump", "-ddd", "-y", "EN10MB", expression));
        String[] lines = output.strip().split("\n");
        int count = Integer.parseInt(lines[0].strip());
        List<BpfInsn> instructions = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String[] fields = lines[i].strip().split(" ");
            instructions.add(new BpfInsn(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    Integer.parseUnsignedInt(fields[3])));
        }
        return new BpfProgram(instructions);
    }

    /** Writes the packets of {@code in} that match {@code expression} to {@code out}, as tcpdump selects them. */
    public static void filter(Path in, String expression, Path out) {
        run(List.of("tcpdump", "-r", in.toString(), "-w", out.toString(), expression));
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed");
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("tcpdump is needed by this test (apt-get install tcpdump): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What tcpdump says at the end: packets written, seen by its filter, dropped by the kernel. */
    public record Statistics(long captured, long received, long dropped) {
    }
}
