package io.zbuf.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run of the {@code zbuf} command line in this JVM, and what real tcpdump prints for a file: what the
 * command-line tests compare.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
record CommandRun(int code, String out, String err) {

    static CommandRun zbuf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ZbufCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** {@code tcpdump -nn -tt -xx -r file} at the given timestamp precision ({@code micro} or {@code nano}). */
    static String tcpdump(Path file, String precision) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tcpdump", "-nn", "-tt", "-xx", "--time-stamp-precision=" + precision, "-r", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("tcpdump -r %s", file).isZero();
        return out;
    }
}
