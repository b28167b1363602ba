package io.zbuf.core.pcap.filter;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Without tcpdump (so PIT can use it): the programs libpcap 1.10.3 compiled for the expression table
 * ({@code libpcap-programs.tsv}, recorded with {@code tcpdump -r FILE -ddd}; {@link LibpcapOracleTest}
 * checks the live tcpdump) against zbuf's, verdict for verdict on the generated captures; and zbuf rejects
 * what libpcap rejected.
 */
class RecordedLibpcapProgramsTest {
    private static final long SEED = 11;
    private static final Map<String, List<byte[]>> PACKETS = new HashMap<>();

    @BeforeAll
    static void captures() {
        for (LinkType type : List.of(LinkType.EN10MB, LinkType.NULL, LinkType.RAW)) {
            PACKETS.put(type.name(), generated(type));
        }
    }

    private static List<byte[]> generated(LinkType type) {
        List<byte[]> frames = FilterCaptures.ethernetFrames(SEED);
        if (type == LinkType.EN10MB) {
            return frames;
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] frame : frames) {
            byte[] ip = FilterCaptures.network(frame);
            if (ip != null) {
                out.add(type == LinkType.RAW ? ip : FilterCaptures.loopback(ip));
            }
        }
        return out;
    }

    static Stream<Arguments> recorded() throws IOException {
        try (InputStream in = RecordedLibpcapProgramsTest.class.getResourceAsStream("libpcap-programs.tsv")) {
            List<Arguments> cases = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] fields = line.split("\t");
                    cases.add(Arguments.of(fields[0], fields[1], fields[2]));
                }
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("recorded")
    void zbufAgreesWithLibpcapsRecordedProgram(String linkType, String expression, String program) throws Exception {
        LinkType type = linkType.equals("EN10MB") ? LinkType.EN10MB : linkType.equals("NULL") ? LinkType.NULL : LinkType.RAW;
        if (program.equals("REJECT")) {
            assertThatThrownBy(() -> FilterCompiler.compile(expression, type, FilterCaptures.SNAP_LENGTH))
                .isInstanceOf(FilterSyntaxException.class);
            return;
        }
        List<BpfInsn> instructions = new ArrayList<>();
        for (String insn : program.split(",")) {
            String[] f = insn.split(" ");
            instructions.add(new BpfInsn(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseUnsignedInt(f[3])));
        }
        BpfFilter theirs = BpfFilter.compile(new BpfProgram(instructions));
        BpfFilter ours = BpfFilter.compile(FilterCompiler.compile(expression, type, FilterCaptures.SNAP_LENGTH));
        Packet packet = new Packet(1);
        List<byte[]> packets = PACKETS.get(linkType);
        for (int i = 0; i < packets.size(); i++) {
            byte[] bytes = packets.get(i);
            packet.reset().append(ByteBuffer.wrap(bytes)).wireLength(bytes.length);
            assertThat(ours.run(packet)).as("packet %d (seed %d)", i, SEED).isEqualTo(theirs.run(packet));
        }
    }
}
