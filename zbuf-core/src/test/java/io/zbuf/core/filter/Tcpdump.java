package io.zbuf.core.filter;

import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real tcpdump: to compile filter expressions ({@code -dd}) and to filter pcap files. */
final class Tcpdump {
    private static final Pattern INSTRUCTION = Pattern.compile(
            "\\{ 0x([0-9a-f]+), (\\d+), (\\d+), 0x([0-9a-f]+) },");

    private Tcpdump() {
    }

    /** Whether tcpdump is on the PATH. */
    static boolean available() {
        try {
            run(List.of("tcpdump", "--version"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The program {@code tcpdump -dd -y EN10MB [options] expression} prints. */
    static BpfProgram compile(List<String> options, String expression) throws IOException {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-dd", "-y", "EN10MB"));
        command.addAll(options);
        command.add(expression);
        return parse(run(command));
    }

    /** Parses the C array {@code tcpdump -dd} prints. */
    static BpfProgram parse(String output) {
        List<BpfInsn> instructions = new ArrayList<>();
        Matcher matcher = INSTRUCTION.matcher(output);
        while (matcher.find()) {
            instructions.add(new BpfInsn(Integer.parseInt(matcher.group(1), 16), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)), Integer.parseUnsignedInt(matcher.group(4), 16)));
        }
        return new BpfProgram(instructions);
    }

    /** The indexes (whole seconds of the timestamp) of the packets of a pcap file that match an expression. */
    static TreeSet<Integer> matchingSeconds(Path pcap, String expression) throws IOException {
        String output = run(List.of("tcpdump", "-nn", "-tt", "-r", pcap.toString(), expression));
        TreeSet<Integer> seconds = new TreeSet<>();
        output.lines().filter(line -> !line.isBlank())
                .forEach(line -> seconds.add(Integer.parseInt(line.substring(0, line.indexOf('.')))));
        return seconds;
    }

    private static String run(List<String> command) throws IOException {
        Path errors = Files.createTempFile("tcpdump", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command + " failed: " + Files.readString(errors));
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.delete(errors);
        }
    }
}
