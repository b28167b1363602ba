package io.zbuf.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What {@code tcpdump -nn -tt -xx -r FILE} prints, bytes and timestamps included: the judge of whether a capture file is what went in. */
final class Tcpdump {
    private Tcpdump() {
    }

    static String print(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tcpdump", "-nn", "-tt", "-xx", "-r", file.toString()).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("tcpdump -r " + file + " failed: " + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
