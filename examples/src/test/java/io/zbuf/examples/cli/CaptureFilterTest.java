package io.zbuf.examples.cli;

import io.zbuf.core.pcap.TestCaptures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.zbuf.examples.cli.CommandRun.zbuf;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code zbuf capture [options] expression}: filtering a replay as tcpdump does, {@code -d/-dd/-ddd}, bad expressions. */
class CaptureFilterTest {
    private static final String SMTP_EXPRESSION = "tcp port 25 and host 74.53.140.153";

    @Test
    @Tag("external-tool")
    void aFilteredReplayPrintsWhatTcpdumpPrints() throws Exception {
        String smtp = TestCaptures.smtp().toString();
        CommandRun run = zbuf("capture", "--replay", smtp, "tcp", "port", "25", "and", "host", "74.53.140.153");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> ours = run.out().lines().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*")).toList();
        List<String> theirs = tcpdump("-nn", "-S", "-r", smtp, SMTP_EXPRESSION).lines()
            .map(line -> line.replaceFirst(", options \\[[^]]*]", "").replaceFirst("(, length \\d+).*$", "$1")).toList();
        assertThat(theirs).isNotEmpty().hasSizeLessThan(tcpdump("-nn", "-r", smtp).lines().toList().size());
        assertThat(ours).isEqualTo(theirs);
        assertThat(run.out()).contains(theirs.size() + " packets captured");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-d", "-dd", "-ddd"})
    @Tag("external-tool")
    void dumpsAreTcpdumpsFormats(String option) throws Exception {
        for (String expression : List.of("ip", "tcp", "udp port 53", "icmp6", "arp or rarp", "vlan 5 and ip", SMTP_EXPRESSION)) {
            CommandRun run = zbuf("capture", "--replay", TestCaptures.smtp().toString(), option, expression);
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).as(expression).isEqualTo(tcpdump(option, "-y", "EN10MB", expression));
        }
    }

    @Test
    void aBadExpressionIsOneLineAndExitStatusOne() {
        CommandRun run = zbuf("capture", "--replay", TestCaptures.smtp().toString(), "tcp", "port", "http2");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("zbuf: filter: expected a port number after 'port' at column 10: 'http2'");
    }

    @Test
    void aBadExpressionWithDumpIsTheSameError() {
        CommandRun run = zbuf("capture", "--replay", TestCaptures.smtp().toString(), "-d", "ip and");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("zbuf: filter: expected a primitive at column 7: 'end of expression'");
    }

    private static String tcpdump(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tcpdump"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", "UTC");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("tcpdump is needed: apt-get install -y tcpdump", e);
        }
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s", command).isZero();
        return out;
    }
}
