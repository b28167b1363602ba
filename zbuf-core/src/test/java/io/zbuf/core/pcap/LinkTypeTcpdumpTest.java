package io.zbuf.core.pcap;

import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libpcap as the oracle of the link type table: a file zbuf writes for each DLT is one tcpdump reads as the same
 * link type, named and described as zbuf names and describes it, so both the DLT to LINKTYPE mapping and the
 * names match libpcap's. Unnamed types are tried only where tcpdump reads them (USER0, USER15): it refuses a
 * file of an unknown type outside the matching ranges.
 */
@Tag("external-tool")
class LinkTypeTcpdumpTest {
    @TempDir
    Path directory;

    static Stream<LinkType> linkTypes() {
        return Stream.concat(LinkType.known().stream(), Stream.of(LinkType.of(147), LinkType.of(162)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkTypes")
    void tcpdumpReadsTheLinkTypeZbufWrites(LinkType linkType) throws IOException {
        Path file = directory.resolve("dlt" + linkType.dlt() + ".pcap");
        PcapWriter.create(file, linkType, 1000, PcapWriter.Precision.MICRO).close();

        assertThat(ExternalTool.errors("tcpdump", "-nn", "-r", file.toString()).lines().findFirst())
            .contains("reading from file " + file + ", link-type " + linkType + ", snapshot length 1000");
    }
}
