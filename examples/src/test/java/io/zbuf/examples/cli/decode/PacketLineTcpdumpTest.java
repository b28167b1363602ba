package io.zbuf.examples.cli.decode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real captures, line by line against the real {@code tcpdump -nn -S}: UDP and ARP lines exactly (as
 * {@code -q} prints UDP, without application decoding), TCP lines up to what tcpdump adds (options and the
 * application payload), ICMP lines by their start and their length.
 */
class PacketLineTcpdumpTest {
    @BeforeAll
    static void needsTcpdump() {
        assertThat(TcpdumpOutput.available()).as("tcpdump is not installed: apt-get install -y tcpdump").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"smtp.pcap", "lo-udp-sizes.pcap", "be.pcap"})
    void linesAgreeWithTcpdump(String name) throws IOException {
        Path file = TestPcap.shared(name);
        TestPcap pcap = TestPcap.read(file);
        List<String> full = TcpdumpOutput.read(file);
        List<String> quiet = TcpdumpOutput.read(file, "-q");
        assertThat(full).hasSameSizeAs(pcap.records());
        StringBuilder line = new StringBuilder();
        int tcp = 0;
        for (int i = 0; i < full.size(); i++) {
            TestPcap.Record record = pcap.records().get(i);
            line.setLength(0);
            PacketLine.format(line, record.epochNanos(), pcap.linkType(), record.data(), record.wireLength(), false);
            String theirs = full.get(i);
            if (theirs.contains(": Flags [")) {
                tcp++;
                assertThat(line.toString()).as("packet %d", i).isEqualTo(withoutOptionsAndPayload(theirs));
            } else if (theirs.contains(": ICMP ")) {
                String ours = line.toString();
                assertThat(ours).as("packet %d", i)
                        .startsWith(theirs.substring(0, theirs.indexOf(": ICMP ") + ": ICMP ".length()))
                        .endsWith(theirs.substring(theirs.lastIndexOf(", length ")));
            } else {
                assertThat(line.toString()).as("packet %d", i).isEqualTo(quiet.get(i));
            }
        }
        assertThat(tcp).as("TCP lines").isEqualTo(name.equals("smtp.pcap") ? 53 : 0);
    }

    /** tcpdump's TCP line without {@code , options [...]} and without what follows {@code length N}. */
    private static String withoutOptionsAndPayload(String line) {
        String withoutOptions = line.replaceFirst(", options \\[[^]]*]", "");
        return withoutOptions.replaceFirst("(, length \\d+).*$", "$1");
    }
}
