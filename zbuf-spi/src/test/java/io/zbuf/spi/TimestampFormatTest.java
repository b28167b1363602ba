package io.zbuf.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampFormatTest {
    /** protocol.md section 4: MICROTIME 0 (default), NANOTIME 1, BINTIME 2, NONE 3, in the low 2 bits. */
    @ParameterizedTest
    @CsvSource({"MICROTIME, 0", "NANOTIME, 1", "BINTIME, 2", "NONE, 3"})
    void hasTheBpfTValues(TimestampFormat format, int value) {
        assertThat(format.value()).isEqualTo(value);
        assertThat(value & ~TimestampType.FORMAT_MASK).isZero();
        assertThat(TimestampFormat.ofValue(value)).isSameAs(format);
    }
}
