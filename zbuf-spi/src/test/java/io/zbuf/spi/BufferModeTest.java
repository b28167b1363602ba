package io.zbuf.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zbuf.spi.BpfErrors.assertBpfError;
import static org.assertj.core.api.Assertions.assertThat;

class BufferModeTest {
    /** protocol.md section 3, BIOCSETBUFMODE: BUFFER = 1, ZBUF = 2. */
    @ParameterizedTest
    @CsvSource({"BUFFER, 1", "ZBUF, 2"})
    void hasTheBpfBufmodeValues(BufferMode mode, int value) throws BpfException {
        assertThat(mode.value()).isEqualTo(value);
        assertThat(BufferMode.ofValue(value)).isSameAs(mode);
    }

    /** "other values EINVAL". */
    @ParameterizedTest
    @ValueSource(ints = {0, 3, -1, 0x100, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void ofValueRefusesOtherValuesWithEinval(int value) {
        assertBpfError(() -> BufferMode.ofValue(value), Errno.EINVAL)
                .hasMessage("BIOCSETBUFMODE: " + value + " is not a buffer mode (1 = BUFFER, 2 = ZBUF) (EINVAL)");
    }
}
