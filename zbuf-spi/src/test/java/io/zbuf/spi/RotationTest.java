package io.zbuf.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RotationTest {
    @Test
    void noneHandsOverNothing() {
        assertThat(Rotation.NONE.buffer()).isNull();
        assertThat(Rotation.NONE.length()).isZero();
        assertThat(Rotation.NONE.rotated()).isFalse();
        assertThat(new Rotation(null, 0)).isEqualTo(Rotation.NONE);
    }

    @ParameterizedTest
    @CsvSource({"A, 1", "B, 1", "A, 4064", "B, 2147483647"})
    void aRotationHandsOverABufferWithRecords(ZbufId buffer, int length) {
        Rotation rotation = new Rotation(buffer, length);
        assertThat(rotation.rotated()).isTrue();
        assertThat(rotation.buffer()).isSameAs(buffer);
        assertThat(rotation.length()).isEqualTo(length);
    }

    /** A buffer without records, records without a buffer, a negative length. */
    @ParameterizedTest
    @CsvSource({"A, 0", "B, 0", ", 1", ", 26", "A, -1", ", -1", "B, -2147483648"})
    void refusesAnythingElse(ZbufId buffer, int length) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Rotation(buffer, length))
                .withMessage("a rotation hands over a buffer with records, or nothing: " + buffer + ", " + length);
    }
}
