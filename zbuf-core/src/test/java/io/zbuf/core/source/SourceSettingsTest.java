package io.zbuf.core.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of a specification, as every kind reads them. */
class SourceSettingsTest {
    private static final Set<String> KEYS = Set.of("ring", "timeout", "list");
    private static final Set<String> FLAGS = Set.of("promisc");

    @Test
    void readsKeysAndFlagsCaseBlindAndTrimmed() {
        SourceSettings settings = SourceSettings.parse(" RING = 4m , promisc,timeout=7,list=1/2/3", KEYS, FLAGS);
        assertThat(settings.has("ring")).isTrue();
        assertThat(settings.has("promisc")).isTrue();
        assertThat(settings.has("nothing")).isFalse();
        assertThat(settings.text("ring", "x")).isEqualTo("4m");
        assertThat(settings.text("absent", "x")).isEqualTo("x");
        assertThat(settings.byteCount("ring", 1)).isEqualTo(4 << 20);
        assertThat(settings.intValue("timeout", 0)).isEqualTo(7);
        assertThat(settings.longValue("timeout", 0)).isEqualTo(7);
        assertThat(settings.intList("list")).containsExactly(1, 2, 3);
    }

    @Test
    void absentKeysGiveTheDefault() {
        SourceSettings settings = SourceSettings.parse("", KEYS, FLAGS);
        assertThat(settings.has("promisc")).isFalse();
        assertThat(settings.byteCount("ring", 77)).isEqualTo(77);
        assertThat(settings.intValue("timeout", -1)).isEqualTo(-1);
        assertThat(settings.longValue("timeout", -2)).isEqualTo(-2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ring=1 | 1", "ring=65536 | 65536", "ring=64k | 65536", "ring=64K | 65536", "ring=2m | 2097152", "ring=2047m | 2146435072",
        "ring=2147483647 | 2147483647",
    })
    void byteCountsTakeKAndMSuffixes(String option, int bytes) {
        assertThat(SourceSettings.parse(option, KEYS).byteCount("ring", 0)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ring=0", "ring=-1", "ring=2048m", "ring=2147483648", "ring=k", "ring=4g", "ring=1.5m"})
    void byteCountsOutOfRangeAreRefused(String option) {
        assertThatThrownBy(() -> SourceSettings.parse(option, KEYS).byteCount("ring", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(option + " is not a size from 1 byte to 2 GiB (such as 65536, 256k, 4m)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "promisc=1 | 'promisc=1' is not one of list=..., promisc, ring=..., timeout=...",
        "ring | 'ring' is not one of list=..., promisc, ring=..., timeout=...",
        "speed=3 | 'speed=3' is not one of list=..., promisc, ring=..., timeout=...",
        "'ring=1,ring=2' | ring is given twice",
        "'promisc,PROMISC' | promisc is given twice",
        "'ring=1,' | '' is not one of list=..., promisc, ring=..., timeout=...",
    })
    void mistakesAreOneSentence(String options, String message) {
        assertThatThrownBy(() -> SourceSettings.parse(options, KEYS, FLAGS)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void numbersAreWholeAndInRange() {
        SourceSettings settings = SourceSettings.parse("timeout=2147483648,list=1/x", KEYS);
        assertThat(settings.longValue("timeout", 0)).isEqualTo(2_147_483_648L);
        assertThatThrownBy(() -> settings.intValue("timeout", 0)).hasMessage("timeout=2147483648 is not a whole number between 0 and 2147483647");
        assertThatThrownBy(() -> settings.intList("list")).hasMessage("list=x is not a whole number between 0 and 2147483647");
    }
}
