package io.zbuf.examples.cli;

import io.zbuf.spi.BpfStats;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureSummaryTest {
    @Test
    void countsInTheSingularAndThePlural() {
        String one = print(new CaptureSummary(1, 1, 60, 1, new BpfStats(1, 0), Duration.ofSeconds(2)));
        assertThat(one).isEqualTo(String.join(System.lineSeparator(), "1 packet captured", "1 packet received by filter",
                "0 packets dropped by kernel", "1 packet delivered in 1 buffer handed over", "1 packets/s, 30 bytes/s over 2.000 s", ""));

        String many = print(new CaptureSummary(2, 3, 300, 2, new BpfStats(4, 1), Duration.ofMillis(500)));
        assertThat(many).startsWith(String.join(System.lineSeparator(), "2 packets captured", "4 packets received by filter",
                "1 packet dropped by kernel", "3 packets delivered in 2 buffers handed over", "6 packets/s, 600 bytes/s over 0.500 s"));
    }

    private static String print(CaptureSummary summary) {
        StringWriter text = new StringWriter();
        summary.print(new PrintWriter(text));
        return text.toString();
    }
}
