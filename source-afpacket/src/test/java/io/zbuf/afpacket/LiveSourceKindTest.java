package io.zbuf.afpacket;

import io.zbuf.core.source.SourceKind;
import io.zbuf.core.source.SourceKinds;
import io.zbuf.core.source.SourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code live:IFACE[,...]}: what it reads, and how mistakes are told. */
class LiveSourceKindTest {
    private final LiveSourceKind kind = new LiveSourceKind();

    @Test
    void isInstalledForServiceLoaderAndSourceSpec() {
        assertThat(ServiceLoader.load(SourceKind.class).stream().map(ServiceLoader.Provider::type)).contains(LiveSourceKind.class);
        assertThat(SourceKinds.installed().all()).extracting(SourceKind::name).containsExactly("synthetic", "pcap", "live");
        SourceSpec spec = SourceSpec.parse("live:veth0");
        assertThat(spec.kind()).isInstanceOf(LiveSourceKind.class);
        assertThat(spec.describe()).isEqualTo("packets of Linux interface veth0, AF_PACKET ring of 16 blocks of 256 KiB, 10 ms");
    }

    @Test
    void namesItselfAndItsUsage() {
        assertThat(kind.name()).isEqualTo("live").isEqualTo(LiveSourceKind.NAME);
        assertThat(kind.usage()).isEqualTo("live:IFACE[,promisc,ring=SIZE,block=SIZE,timeout=MS]");
        assertThat(kind.description()).contains("Linux interface", "AF_PACKET", "TPACKET_V3");
        assertThat(kind.isAvailable()).isEqualTo(AfPacketAvailability.isAvailable());
        assertThat(kind.unavailabilityCause() == null).isEqualTo(AfPacketAvailability.isAvailable());
    }

    @Test
    void settingsShapeTheRing() {
        assertThat(kind.define("eth0,ring=1m,block=64k,timeout=3,promisc").describe())
                .isEqualTo("packets of Linux interface eth0 in promiscuous mode, AF_PACKET ring of 16 blocks of 64 KiB, 3 ms");
        assertThat(kind.define(" em1 , ring=8388608 ").describe()).isEqualTo("packets of Linux interface em1, AF_PACKET ring of 32 blocks of 256 KiB, 10 ms");
        assertThat(kind.define("abcdefghijklmno").describe()).startsWith("packets of Linux interface abcdefghijklmno,");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "live: | source 'live:': the interface is missing (live:IFACE)",
        "live | source 'live': the interface is missing (live:IFACE)",
        "'live:,promisc' | source 'live:,promisc': the interface is missing (live:IFACE)",
        "live:a/b | source 'live:a/b': 'a/b' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "live:eth0:1 | source 'live:eth0:1': 'eth0:1' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "live:a b | source 'live:a b': 'a b' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "live:. | source 'live:.': '.' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "live:.. | source 'live:..': '..' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "live:abcdefghijklmnop | source 'live:abcdefghijklmnop': 'abcdefghijklmnop' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "live:ééééééééé | source 'live:ééééééééé': 'ééééééééé' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)",
        "'live:eth0,promiscuous' | source 'live:eth0,promiscuous': 'promiscuous' is not one of block=..., promisc, ring=..., timeout=...",
        "'live:eth0,promisc=1' | source 'live:eth0,promisc=1': 'promisc=1' is not one of block=..., promisc, ring=..., timeout=...",
        "'live:eth0,ring' | source 'live:eth0,ring': 'ring' is not one of block=..., promisc, ring=..., timeout=...",
        "'live:eth0,promisc,promisc' | source 'live:eth0,promisc,promisc': promisc is given twice",
        "'live:eth0,ring=3m,block=2m' | source 'live:eth0,ring=3m,block=2m': ring=3145728 is not a whole number of blocks of 2097152 bytes",
        "'live:eth0,ring=256k' | source 'live:eth0,ring=256k': a ring of 1 blocks of 262144 bytes is not 2 blocks or more of at most 1 GiB in all",
        "'live:eth0,ring=2g' | source 'live:eth0,ring=2g': ring=2g is not a size from 1 byte to 2 GiB (such as 65536, 256k, 4m)",
        "'live:eth0,ring=x' | source 'live:eth0,ring=x': ring=x is not a size from 1 byte to 2 GiB (such as 65536, 256k, 4m)",
        "'live:eth0,block=100,ring=200' | source 'live:eth0,block=100,ring=200': block=100 is too small: a block holds at least 116 bytes",
        "'live:eth0,timeout=0' | source 'live:eth0,timeout=0': timeout=0 is not between 1 and 60000 ms",
        "'live:eth0,timeout=60001' | source 'live:eth0,timeout=60001': timeout=60001 is not between 1 and 60000 ms",
    })
    void mistakesAreOneSentence(String text, String message) {
        assertThatThrownBy(() -> SourceSpec.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aSourceThatIsNoneOfTheKindsListsLiveToo() {
        assertThatThrownBy(() -> SourceSpec.parse("eth0")).hasMessage("source 'eth0' is neither 'synthetic[:key=value,...]' nor 'pcap:FILE'"
                + " nor 'live:IFACE[,promisc,ring=SIZE,block=SIZE,timeout=MS]' nor a file ending in .pcap, .pcapng or .cap");
    }
}
