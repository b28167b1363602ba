package io.zbuf.examples.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizeConverterTest {
    @ParameterizedTest
    @CsvSource({"65536, 65536", "64k, 65536", "64K, 65536", "2m, 2097152", "1, 1"})
    void readsBytesKibibytesAndMebibytes(String text, int bytes) {
        assertThat(new SizeConverter().convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-4k", "big", "4g", "3000m"})
    void rejectsAnythingElseWithAHint(String text) {
        assertThatThrownBy(() -> new SizeConverter().convert(text))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("64k");
    }
}
