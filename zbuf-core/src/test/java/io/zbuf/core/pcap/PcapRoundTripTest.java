package io.zbuf.core.pcap;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.zbuf.core.kernel.Packet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Read, write again, and let tcpdump compare every timestamp, length and byte. */
@Tag("external-tool")
class PcapRoundTripTest {
    @TempDir
    Path temp;

    static Stream<Arguments> cases() {
        return Stream.of(TestCaptures.smtp(), TestCaptures.bigEndian(), TestCaptures.loopbackUdpSizes())
            .flatMap(file -> Stream.of(PcapWriter.Precision.values()).map(precision -> Arguments.of(file, precision)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void tcpdumpSeesTheSameCapture(Path original, PcapWriter.Precision precision) throws IOException {
        Path copy = temp.resolve("copy.pcap");
        Packet packet = new Packet(1);
        try (PcapReader reader = PcapReader.open(original);
             PcapWriter writer = PcapWriter.create(copy, reader.linkType(), reader.snapLength(), precision)) {
            while (reader.next(packet)) {
                writer.write(packet.timestampNanos(), packet.fragment(0), packet.wireLength());
            }
        }
        String tool = precision == PcapWriter.Precision.NANO ? "--time-stamp-precision=nano" : "--time-stamp-precision=micro";
        String expected = ExternalTool.run("tcpdump", tool, "-nn", "-tt", "-xx", "-r", original.toString());
        assertThat(ExternalTool.run("tcpdump", tool, "-nn", "-tt", "-xx", "-r", copy.toString()))
            .isEqualTo(expected)
            .isNotEmpty();
    }
}
