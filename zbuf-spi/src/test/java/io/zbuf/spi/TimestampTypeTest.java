package io.zbuf.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.TreeSet;

import static io.zbuf.spi.BpfErrors.assertBpfError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TimestampTypeTest {
    @Test
    void hasFreeBsdsMasksAndFlags() {
        assertThat(TimestampType.FORMAT_MASK).isEqualTo(0x3);
        assertThat(TimestampType.FAST).isEqualTo(0x100);
        assertThat(TimestampType.MONOTONIC).isEqualTo(0x200);
        assertThat(TimestampType.FLAG_MASK).isEqualTo(0x300);
    }

    @Test
    void defaultIsMicrotimeOnTheWallClock() {
        assertThat(TimestampType.DEFAULT).isEqualTo(new TimestampType(TimestampFormat.MICROTIME, false, false));
        assertThat(TimestampType.DEFAULT.bits()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TimestampFormat.class)
    void ofGivesAWallClockTypeWithoutFlags(TimestampFormat format) {
        TimestampType type = TimestampType.of(format);
        assertThat(type.format()).isSameAs(format);
        assertThat(type.monotonic()).isFalse();
        assertThat(type.fast()).isFalse();
    }

    /** Format in bits 0-1, FAST 0x100, MONOTONIC 0x200 (protocol.md section 4), both ways. */
    @ParameterizedTest
    @CsvSource({
            "MICROTIME, false, false, 0x000", "NANOTIME, false, false, 0x001", "BINTIME, false, false, 0x002",
            "NONE, false, false, 0x003",
            "MICROTIME, false, true, 0x100", "NANOTIME, false, true, 0x101", "BINTIME, false, true, 0x102",
            "MICROTIME, true, false, 0x200", "NANOTIME, true, false, 0x201", "BINTIME, true, false, 0x202",
            "MICROTIME, true, true, 0x300", "NANOTIME, true, true, 0x301", "BINTIME, true, true, 0x302"})
    void encodesAndDecodesEveryValidType(TimestampFormat format, boolean monotonic, boolean fast, String hex)
            throws BpfException {
        int bits = Integer.decode(hex);
        TimestampType type = new TimestampType(format, monotonic, fast);
        assertThat(type.bits()).isEqualTo(bits);
        assertThat(TimestampType.ofBits(bits)).isEqualTo(type);
    }

    /**
     * FreeBSD's {@code BPF_T_VALID(t)}: {@code t == BPF_T_NONE || (BPF_T_FORMAT(t) != BPF_T_NONE && (t & ~(FORMAT_MASK
     * | FLAG_MASK)) == 0)}. Over the low 16 bits, exactly the thirteen types above are valid.
     */
    @Test
    void acceptsExactlyTheThirteenValidTypesInTheLow16Bits() {
        Set<Integer> accepted = new TreeSet<>();
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            try {
                assertThat(TimestampType.ofBits(bits).bits()).isEqualTo(bits);
                accepted.add(bits);
            } catch (BpfException refused) {
                assertThat(refused.errno()).isSameAs(Errno.EINVAL);
            }
        }
        assertThat(accepted).containsExactly(
                0x000, 0x001, 0x002, 0x003, 0x100, 0x101, 0x102, 0x200, 0x201, 0x202, 0x300, 0x301, 0x302);
    }

    /** NONE with a flag, flags FreeBSD does not define (0x400, bit 2, the top bit), every bit. */
    @ParameterizedTest
    @ValueSource(ints = {0x103, 0x203, 0x303, 0x004, 0x400, 0x401, 0x1_0000, 0x8000_0000, 0x8000_0001, -1})
    void ofBitsRefusesInvalidTypesWithEinval(int bits) {
        assertBpfError(() -> TimestampType.ofBits(bits), Errno.EINVAL)
                .hasMessage("BIOCSTSTAMP: 0x" + Integer.toHexString(bits) + " is not a timestamp type (EINVAL)");
    }

    @ParameterizedTest
    @CsvSource({"true, false", "false, true", "true, true"})
    void noneTakesNoFlag(boolean monotonic, boolean fast) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TimestampType(TimestampFormat.NONE, monotonic, fast))
                .withMessageContaining("NONE");
    }

    @Test
    void formatIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> new TimestampType(null, false, false)).withMessage("format");
    }
}
