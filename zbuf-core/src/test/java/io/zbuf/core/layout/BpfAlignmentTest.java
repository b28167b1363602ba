package io.zbuf.core.layout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BpfAlignmentTest {
    @ParameterizedTest(name = "WORDALIGN({0}) = {1}")
    @CsvSource({"0, 0", "1, 8", "7, 8", "8, 8", "9, 16", "90, 96", "1528, 1528", "2147483640, 2147483640"})
    void roundsUpToTheNextMultipleOfEight(int x, int aligned) {
        assertThat(BpfAlignment.ALIGNMENT).isEqualTo(8);
        assertThat(BpfAlignment.wordAlign(x)).isEqualTo(aligned);
    }
}
