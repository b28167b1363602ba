package io.zbuf.examples.cli.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The lines the real tcpdump prints for a pcap file, with the time of day in UTC. */
final class TcpdumpOutput {
    private TcpdumpOutput() {
    }

    static boolean available() {
        try {
            lines(List.of("--version"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code tcpdump -nn -S [options] -r file}, one entry per packet (hex dump lines dropped). */
    static List<String> read(Path file, String... options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-nn", "-S"));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("-r", file.toString()));
        return lines(arguments).stream().filter(line -> !line.startsWith("\t")).toList();
    }

    private static List<String> lines(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("tcpdump"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output.lines().toList();
    }
}
