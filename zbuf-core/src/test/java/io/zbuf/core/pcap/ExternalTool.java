package io.zbuf.core.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs tcpdump or tshark and returns what it printed; a failure to run is a test failure. Test-only. */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** Standard output of {@code command}, which must exit with 0. */
    public static String run(String... command) {
        return execute(command).out();
    }

    /** Standard error of {@code command}, which must exit with 0: where tcpdump says what it reads. */
    public static String errors(String... command) {
        return execute(command).err();
    }

    private record Output(String out, String err) {
    }

    private static Output execute(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] output = readAll(process.getInputStream());
            int status = process.waitFor();
            String err = new String(errors.join(), StandardCharsets.UTF_8);
            if (status != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + status + ": " + err);
            }
            return new Output(new String(output, StandardCharsets.UTF_8), err);
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed by this test (apt-get install " + command[0] + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command[0], e);
        }
    }

    /**
     * Lines of tab-separated fields from {@code tshark -r file -T fields -e ...}, with IPv4 checksums checked
     * and UDP port 6000 (the synthetic sources' default) decoded as plain data, not X11 nor by heuristics.
     */
    public static List<String[]> tsharkFields(java.nio.file.Path file, String... fields) {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-o", "ip.check_checksum:TRUE", "-d", "udp.port==6000,data",
            "-r", file.toString(), "-T", "fields"));
        for (String field : fields) {
            command.add("-e");
            command.add(field);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : run(command.toArray(String[]::new)).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
