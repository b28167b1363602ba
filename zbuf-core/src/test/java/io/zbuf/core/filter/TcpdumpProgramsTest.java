package io.zbuf.core.filter;

import org.junit.jupiter.api.Tag;
import io.zbuf.core.filter.Frames.Frame;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Programs compiled by the real tcpdump, run on random Ethernet frames split into random fragment chains:
 * the verdicts must agree with what each frame is, and with tcpdump filtering the same frames itself.
 */
@Tag("external-tool")
class TcpdumpProgramsTest {
    /** tcpdump's default snap length, the constant its programs return to accept. */
    private static final int TCPDUMP_SNAPLEN = 262144;
    private static final int FRAMES = 300;

    @TempDir
    static Path directory;

    @BeforeAll
    static void needsTcpdump() {
        assertThat(Tcpdump.available()).as("tcpdump is not installed: apt-get install -y tcpdump").isTrue();
    }

    record Case(String expression, List<String> options, int acceptLength, Predicate<Frame> accepts) {
        @Override
        public String toString() {
            return String.join(" ", options) + (options.isEmpty() ? "" : " ") + "'" + expression + "'";
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case("udp port 53", List.of(), TCPDUMP_SNAPLEN, frame -> frame.udp() && frame.port(53)),
                new Case("ip", List.of(), TCPDUMP_SNAPLEN, frame -> frame.etherType() == Frames.ETHERTYPE_IPV4),
                new Case("ip6", List.of(), TCPDUMP_SNAPLEN, frame -> frame.etherType() == Frames.ETHERTYPE_IPV6),
                new Case("tcp", List.of(), TCPDUMP_SNAPLEN, Frame::tcp),
                new Case("less 100", List.of(), TCPDUMP_SNAPLEN, frame -> frame.bytes().length <= 100),
                new Case("ether host 02:00:00:00:00:01", List.of(), TCPDUMP_SNAPLEN, Frame::watchedMac),
                new Case("udp and greater 200", List.of(), TCPDUMP_SNAPLEN, frame -> frame.udp() && frame.bytes().length >= 200),
                new Case("udp", List.of("-s", "96"), 96, Frame::udp));
        List<Arguments> arguments = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3}) {
            for (Case c : cases) {
                arguments.add(Arguments.of(c, seed));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void verdictsMatchTheFramesAndTcpdump(Case c, long seed) throws IOException, BpfException {
        BpfFilter filter = BpfFilter.compile(Tcpdump.compile(c.options(), c.expression()));
        Random random = new Random(seed);
        List<Frame> frames = new ArrayList<>();
        TreeSet<Integer> accepted = new TreeSet<>();
        Packet packet = new Packet(8);
        for (int i = 0; i < FRAMES; i++) {
            Frame frame = Frames.random(random);
            frames.add(frame);
            int verdict = filter.run(Frames.split(frame.bytes(), random, packet));
            assertThat(verdict).as("frame %d of %d bytes", i, frame.bytes().length)
                    .isEqualTo(c.accepts().test(frame) ? c.acceptLength() : 0);
            if (verdict != 0) {
                accepted.add(i);
            }
        }
        assertThat(accepted).as("the case must accept some frames and reject others")
                .isNotEmpty().hasSizeLessThan(FRAMES);

        Path pcap = directory.resolve("frames-" + seed + ".pcap");
        Frames.writePcap(pcap, frames);
        assertThat(Tcpdump.matchingSeconds(pcap, c.expression())).isEqualTo(accepted);
    }
}
