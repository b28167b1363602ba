package io.zbuf.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BpfInsnTest {
    /** {@code struct bpf_insn}: u_short code, u_char jt, u_char jf, u_int k; the extremes of each fit. */
    @ParameterizedTest
    @CsvSource({"0, 0, 0, 0", "0xFFFF, 0xFF, 0xFF, -1", "0x06, 0, 0, 0x40000", "0x15, 0xFF, 0, 0x800",
            "0x15, 0, 0xFF, 0", "0x06, 0, 0, -2147483648", "0x06, 0, 0, 2147483647"})
    void acceptsFieldsThatFitTheirCTypes(String code, String jt, String jf, String k) {
        BpfInsn insn = new BpfInsn(Integer.decode(code), Integer.decode(jt), Integer.decode(jf), Integer.decode(k));
        assertThat(insn.code()).isEqualTo(Integer.decode(code));
        assertThat(insn.jt()).isEqualTo(Integer.decode(jt));
        assertThat(insn.jf()).isEqualTo(Integer.decode(jf));
        assertThat(insn.k()).isEqualTo(Integer.decode(k));
    }

    /** One field out of range at a time: just past the top, below zero, far out. */
    @ParameterizedTest
    @CsvSource({"0x10000, 0, 0", "-1, 0, 0", "0x7FFFFFFF, 0, 0",
            "0, 0x100, 0", "0, -1, 0", "0, -2147483648, 0",
            "0, 0, 0x100", "0, 0, -1", "0, 0, 0x10000"})
    void refusesFieldsThatDoNotFit(String code, String jt, String jf) {
        int c = Integer.decode(code);
        int t = Integer.decode(jt);
        int f = Integer.decode(jf);
        assertThatIllegalArgumentException().isThrownBy(() -> new BpfInsn(c, t, f, 0))
                .withMessage("bpf_insn fields out of range: code=" + c + " jt=" + t + " jf=" + f);
    }

    @Test
    void isAValue() {
        assertThat(new BpfInsn(0x06, 0, 0, 0xFFFF)).isEqualTo(new BpfInsn(0x06, 0, 0, 0xFFFF))
                .isNotEqualTo(new BpfInsn(0x06, 0, 0, 0));
    }
}
