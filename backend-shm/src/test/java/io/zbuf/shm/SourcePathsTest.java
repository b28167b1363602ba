package io.zbuf.shm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SourcePathsTest {
    private static final String HERE = Path.of("").toAbsolutePath().toString();

    @Test
    void relativeCaptureFilesBecomeAbsoluteAndOptionsStay() {
        assertThat(SourcePaths.absolute("pcap:in.pcap")).isEqualTo("pcap:" + HERE + "/in.pcap");
        assertThat(SourcePaths.absolute("pcap:in.pcap,loop=2,rate=10")).isEqualTo("pcap:" + HERE + "/in.pcap,loop=2,rate=10");
        assertThat(SourcePaths.absolute(" d/in.PCAPNG ")).isEqualTo(HERE + "/d/in.PCAPNG");
        assertThat(SourcePaths.absolute("x.cap")).isEqualTo(HERE + "/x.cap");
        assertThat(SourcePaths.absolute("x.pcap")).isEqualTo(HERE + "/x.pcap");
    }

    @Test
    void absolutePathsAndOtherSourcesAreKept() {
        assertThat(SourcePaths.absolute("pcap:/data/in.pcap")).isEqualTo("pcap:/data/in.pcap");
        assertThat(SourcePaths.absolute("synthetic:size=64")).isEqualTo("synthetic:size=64");
        assertThat(SourcePaths.absolute("pcap:,loop=2")).isEqualTo("pcap:" + HERE + ",loop=2");
    }
}
