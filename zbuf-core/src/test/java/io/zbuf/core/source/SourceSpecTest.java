package io.zbuf.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.TestCaptures;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceSpecTest {

    private static List<Integer> sizes(SourceSpec spec, int limit) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        try (PacketSource source = spec.open()) {
            Packet packet = new Packet(source.maxFragments());
            while (sizes.size() < limit && source.next(packet)) {
                sizes.add(packet.length());
            }
        }
        return sizes;
    }

    @Test
    void syntheticDefaults() throws IOException {
        SourceSpec spec = SourceSpec.parse(" synthetic ");
        assertThat(spec.describe()).isEqualTo(SyntheticSource.builder().toString());
        assertThat(spec).hasToString("synthetic");
        assertThat(sizes(spec, 100)).hasSize(100).containsOnly(64);
    }

    @Test
    void fixedAndCycledSizes() throws IOException {
        assertThat(sizes(SourceSpec.parse("synthetic:size=100"), 3)).containsExactly(100, 100, 100);
        assertThat(sizes(SourceSpec.parse("synthetic:sizes=64/512/1500"), 4)).containsExactly(64, 512, 1500, 64);
        assertThat(sizes(SourceSpec.parse("synthetic:"), 1)).containsExactly(64);
    }

    @Test
    void randomSizesRepeatForTheSameSeed() throws IOException {
        SourceSpec spec = SourceSpec.parse("synthetic:min=60,max=1514,seed=7");
        List<Integer> first = sizes(spec, 50);
        assertThat(first).allSatisfy(size -> assertThat(size).isBetween(60, 1514));
        assertThat(sizes(spec, 50)).isEqualTo(first);
        assertThat(sizes(SourceSpec.parse("synthetic:min=60,max=1514,seed=8"), 50)).isNotEqualTo(first);
        assertThat(sizes(SourceSpec.parse("synthetic:min=60,max=1514"), 50))
            .isEqualTo(sizes(SourceSpec.parse("synthetic:min=60,max=1514,seed=1"), 50));
        assertThat(spec.describe()).contains("60 to 1514 bytes (seed 7)");
    }

    @Test
    void countRateAndFragments() throws IOException {
        SourceSpec spec = SourceSpec.parse("synthetic:count=1000,rate=10000,fragments=3");
        try (PacketSource source = spec.open()) {
            assertThat(source.packetsPerSecond()).isEqualTo(10_000);
            assertThat(source.maxFragments()).isEqualTo(3);
        }
        assertThat(sizes(spec, 5000)).hasSize(1000);
        assertThat(spec.describe()).contains("1000 packets", "10000 packets/s", "3 fragment(s)");
        assertThat(sizes(SourceSpec.parse("synthetic: COUNT = 2 "), 10)).hasSize(2);
    }

    @Test
    void eachOpenStartsAfresh() throws IOException {
        SourceSpec spec = SourceSpec.parse("synthetic:count=2");
        assertThat(sizes(spec, 10)).hasSize(2);
        assertThat(sizes(spec, 10)).hasSize(2);
    }

    @Test
    void pcapReplays() throws IOException {
        String file = TestCaptures.smtp().toString();
        assertThat(sizes(SourceSpec.parse("pcap:" + file), 1000)).hasSize(60);
        assertThat(sizes(SourceSpec.parse(file), 1000)).hasSize(60);
        SourceSpec looped = SourceSpec.parse("pcap:" + file + ",loop=2,rate=50");
        assertThat(sizes(looped, 1000)).hasSize(120);
        try (PacketSource source = looped.open()) {
            assertThat(source.packetsPerSecond()).isEqualTo(50);
        }
        assertThat(looped.describe()).isEqualTo("replay of " + file + ", 2 times, 50 packets/s");
        assertThat(SourceSpec.parse(file).describe()).isEqualTo("replay of " + file + ", as fast as possible");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.pcap", "x.PCAPNG", "dir/x.cap"})
    void barePathsWithCaptureExtensionsAreFiles(String path) {
        assertThat(SourceSpec.parse(path).describe()).startsWith("replay of " + path);
    }

    @Test
    void missingFileFailsOnOpen() {
        SourceSpec spec = SourceSpec.parse("pcap:/nonexistent/x.pcap");
        assertThatThrownBy(spec::open).isInstanceOf(NoSuchFileException.class).hasMessage("/nonexistent/x.pcap: no such capture file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "synth | source 'synth' is neither 'synthetic[:key=value,...]' nor 'pcap:FILE' nor a file ending in .pcap, .pcapng or .cap",
        "synthetic:speed=3 | source 'synthetic:speed=3': 'speed=3' is not one of count=..., fragments=..., max=..., min=..., rate=..., seed=..., size=..., sizes=...",
        "synthetic:size | source 'synthetic:size': 'size' is not one of count=..., fragments=..., max=..., min=..., rate=..., seed=..., size=..., sizes=...",
        "synthetic:size=64,size=65 | source 'synthetic:size=64,size=65': size is given twice",
        "synthetic:size=abc | source 'synthetic:size=abc': size=abc is not a whole number between 0 and 2147483647",
        "synthetic:size=-3 | source 'synthetic:size=-3': size=-3 is not a whole number between 0 and 2147483647",
        "synthetic:size=2147483648 | source 'synthetic:size=2147483648': size=2147483648 is not a whole number between 0 and 2147483647",
        "synthetic:count=x | source 'synthetic:count=x': count=x is not a whole number between 0 and 9223372036854775807",
        "synthetic:size=10 | source 'synthetic:size=10': frame sizes 10 bytes must lie between 46 (Ethernet, IPv4 and UDP headers and a 4-byte sequence number) and 65549 bytes",
        "synthetic:size=64,sizes=64/128 | source 'synthetic:size=64,sizes=64/128': choose one of size, sizes or min/max",
        "synthetic:size=64,min=60,max=70 | source 'synthetic:size=64,min=60,max=70': choose one of size, sizes or min/max",
        "synthetic:sizes=64/128,max=70 | source 'synthetic:sizes=64/128,max=70': choose one of size, sizes or min/max",
        "synthetic:min=60 | source 'synthetic:min=60': frame size min 60 is above max -1",
        "synthetic:max=60 | source 'synthetic:max=60': frame sizes -1 to 60 bytes (seed 1) must lie between 46 (Ethernet, IPv4 and UDP headers and a 4-byte sequence number) and 65549 bytes",
        "synthetic:seed=3 | source 'synthetic:seed=3': seed only applies to random sizes (min and max)",
        "synthetic:sizes=64//128 | source 'synthetic:sizes=64//128': sizes= is not a whole number between 0 and 2147483647",
        "synthetic:count=0 | source 'synthetic:count=0': packet count 0 is not positive",
        "synthetic:fragments=0 | source 'synthetic:fragments=0': fragments 0 is not between 1 and 46",
        "pcap: | source 'pcap:': the capture file is missing",
        "'pcap:,loop=2' | source 'pcap:,loop=2': the capture file is missing",
        "'pcap:,bogus=1' | source 'pcap:,bogus=1': 'bogus=1' is not one of loop=..., rate=...",
        "'synthetic:=5' | source 'synthetic:=5': '=5' is not one of count=..., fragments=..., max=..., min=..., rate=..., seed=..., size=..., sizes=...",
        "synthetic:size=2147483647 | source 'synthetic:size=2147483647': frame sizes 2147483647 bytes must lie between 46 (Ethernet, IPv4 and UDP headers and a 4-byte sequence number) and 65549 bytes",
        "pcap:x.pcap,loop=0 | source 'pcap:x.pcap,loop=0': loop=0: a capture is played at least once",
        "pcap:x.pcap,loops=2 | source 'pcap:x.pcap,loops=2': 'loops=2' is not one of loop=..., rate=...",
        "pcap:x.pcap,rate=-1 | source 'pcap:x.pcap,rate=-1': rate=-1 is not a whole number between 0 and 9223372036854775807",
        "pcap:x\u0000.pcap | source 'pcap:x\u0000.pcap': Nul character not allowed: x\u0000.pcap",
    })
    void mistakesAreOneSentence(String text, String message) {
        assertThatThrownBy(() -> SourceSpec.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void interfaceBindings() throws IOException {
        SourceSpec.Interface binding = SourceSpec.parseInterface("em0=synthetic:size=128");
        assertThat(binding.name()).isEqualTo("em0");
        assertThat(binding.source()).hasToString("synthetic:size=128");
        assertThat(sizes(binding.source(), 1)).containsExactly(128);
        assertThat(SourceSpec.parseInterface(" lo.0_a-b = synthetic").name()).isEqualTo("lo.0_a-b");
        assertThat(SourceSpec.parseInterface("abcdefghijklmno=synthetic").name()).hasSize(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic", "=synthetic", "abcdefghijklmnop=synthetic", "e m0=synthetic", "em0:1=synthetic"})
    void badInterfaceBindingsAreRejected(String text) {
        assertThatThrownBy(() -> SourceSpec.parseInterface(text)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("interface '" + text + "' is not NAME=SOURCE with a name of 1 to 15 letters, digits, '.', '_' or '-'");
    }

    @Test
    void badSourceOfAnInterfaceIsReported() {
        assertThatThrownBy(() -> SourceSpec.parseInterface("em0=nothing")).hasMessageStartingWith("source 'nothing' is neither");
    }
}
