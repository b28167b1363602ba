package io.zbuf.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BpfStatsTest {
    /** Both counters are u32 on the wire (protocol.md section 6): 0 to 2^32 - 1. */
    @ParameterizedTest
    @CsvSource({"0, 0", "4294967295, 4294967295", "4294967295, 0", "0, 4294967295", "7, 3"})
    void holdsUnsigned32BitCounters(long received, long dropped) {
        BpfStats stats = new BpfStats(received, dropped);
        assertThat(stats.received()).isEqualTo(received);
        assertThat(stats.dropped()).isEqualTo(dropped);
    }

    @ParameterizedTest
    @CsvSource({"-1, 0", "4294967296, 0", "0, -1", "0, 4294967296",
            "-9223372036854775808, 0", "0, 9223372036854775807"})
    void refusesCountersOutsideU32(long received, long dropped) {
        assertThatIllegalArgumentException().isThrownBy(() -> new BpfStats(received, dropped))
                .withMessage("bpf_stat counters are unsigned 32-bit: " + received + ", " + dropped);
    }

    /** The kernel keeps 64-bit counters; the ioctl carries their low 32 bits. */
    @ParameterizedTest
    @CsvSource({
            "0, 0, 0, 0",
            "4294967295, 4294967295, 4294967295, 4294967295",
            "4294967296, 4294967297, 0, 1",
            "12884901893, 8589934594, 5, 2",
            "-1, -4294967296, 4294967295, 0"})
    void ofCountersKeepsTheLow32Bits(long received64, long dropped64, long received, long dropped) {
        assertThat(BpfStats.ofCounters(received64, dropped64)).isEqualTo(new BpfStats(received, dropped));
    }
}
