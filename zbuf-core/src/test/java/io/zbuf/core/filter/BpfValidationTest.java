package io.zbuf.core.filter;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule of {@code bpf_validate()}, each with a minimal program on both sides of its boundary. */
class BpfValidationTest {
    /**
     * FreeBSD's {@code bpf_code_map} (sys/net/bpf_filter.c): bit {@code c & 0xf} of word {@code c >> 4} is set
     * for every opcode {@code c} the kernel accepts.
     */
    private static final int[] FREEBSD_CODE_MAP = {
        0x10ff, 0x3070, 0x3131, 0x3031, 0x3131, 0x1011, 0x1013, 0x1010,
        0x0093, 0x1010, 0x1010, 0x0002, 0x0000, 0x0000, 0x0000, 0x0000,
    };
    private static final BpfInsn RETURN = new BpfInsn(BPF_RET | BPF_K, 0, 0, 1);

    private static BpfProgram program(BpfInsn... instructions) {
        return new BpfProgram(List.of(instructions));
    }

    private static void assertInvalid(BpfProgram program, String reason) {
        assertThatThrownBy(() -> BpfFilter.compile(program))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessage("BIOCSETF: " + reason + " (EINVAL)");
    }

    @Test
    void theEmptyProgramAcceptsEveryPacketWhole() throws BpfException {
        assertThat(BpfFilter.compile(BpfProgram.ACCEPT_ALL)).isSameAs(BpfFilter.ACCEPT_ALL);
        assertThat(BpfFilter.ACCEPT_ALL.run(new io.zbuf.core.kernel.Packet(1))).isEqualTo(BpfFilter.WHOLE_PACKET);
    }

    @Test
    void opcodesAreThoseOfTheKernelsTable() {
        for (int code = 0; code <= 0x1ff; code++) {
            boolean known = code <= 0xff && (FREEBSD_CODE_MAP[code >> 4] & 1 << (code & 0xf)) != 0;
            // k = 1 and no conditional jump keep every other rule satisfied
            BpfProgram program = program(new BpfInsn(code, 0, 0, 1), RETURN, RETURN);
            if (known) {
                assertThat(compiles(program)).as("opcode 0x%x", code).isTrue();
            } else {
                assertInvalid(program, "instruction 0 has an unknown opcode 0x" + Integer.toHexString(code));
            }
        }
        assertInvalid(program(RETURN, new BpfInsn(0xff06, 0, 0, 0)), "instruction 1 has an unknown opcode 0xff06");
    }

    private static boolean compiles(BpfProgram program) {
        try {
            return BpfFilter.compile(program) != null;
        } catch (BpfException e) {
            return false;
        }
    }

    @Test
    void atMostBpfMaxInsnsInstructions() throws BpfException {
        assertThat(BpfFilter.compile(new BpfProgram(Collections.nCopies(BPF_MAXINSNS, RETURN)))).isNotNull();
        assertInvalid(new BpfProgram(Collections.nCopies(BPF_MAXINSNS + 1, RETURN)),
                "the program has 513 instructions, more than BPF_MAXINSNS (512)");
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {BPF_ST, BPF_STX, BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM})
    void scratchMemoryIndexesStayBelowBpfMemwords(int code) throws BpfException {
        assertThat(BpfFilter.compile(program(new BpfInsn(code, 0, 0, BPF_MEMWORDS - 1), RETURN))).isNotNull();
        assertInvalid(program(RETURN, new BpfInsn(code, 0, 0, BPF_MEMWORDS), RETURN),
                "instruction 1 addresses scratch memory word 16, past the last of BPF_MEMWORDS (16)");
        assertInvalid(program(new BpfInsn(code, 0, 0, -1), RETURN),
                "instruction 0 addresses scratch memory word 4294967295, past the last of BPF_MEMWORDS (16)");
    }

    @Test
    void otherInstructionsMayCarryAnyConstant() throws BpfException {
        assertThat(BpfFilter.compile(program(new BpfInsn(BPF_LD | BPF_IMM, 0, 0, 1000), new BpfInsn(BPF_LD | BPF_W | BPF_ABS, 0, 0, -1), RETURN)))
                .isNotNull();
    }

    @ParameterizedTest(name = "operation 0x{0}")
    @ValueSource(ints = {BPF_DIV, BPF_MOD})
    void noDivisionByTheConstantZero(int op) throws BpfException {
        assertThat(BpfFilter.compile(program(new BpfInsn(BPF_ALU | op | BPF_K, 0, 0, 1), RETURN))).isNotNull();
        assertThat(BpfFilter.compile(program(new BpfInsn(BPF_ALU | op | BPF_X, 0, 0, 0), RETURN))).isNotNull();
        assertInvalid(program(RETURN, RETURN, new BpfInsn(BPF_ALU | op | BPF_K, 0, 0, 0), RETURN),
                "instruction 2 divides by the constant 0");
    }

    @Test
    void otherOperationsMayUseTheConstantZero() throws BpfException {
        assertThat(BpfFilter.compile(program(new BpfInsn(BPF_ALU | BPF_ADD | BPF_K, 0, 0, 0),
                new BpfInsn(BPF_ALU | BPF_SUB | BPF_K, 0, 0, 0), RETURN))).isNotNull();
    }

    @Test
    void conditionalJumpsLandInsideTheProgram() throws BpfException {
        int jeq = BPF_JMP | BPF_JEQ | BPF_K;
        assertThat(BpfFilter.compile(program(new BpfInsn(jeq, 1, 0, 0), RETURN, RETURN))).isNotNull();
        assertThat(BpfFilter.compile(program(new BpfInsn(jeq, 0, 1, 0), RETURN, RETURN))).isNotNull();
        assertInvalid(program(RETURN, RETURN, RETURN, new BpfInsn(jeq, 1, 0, 0), RETURN),
                "instruction 3 jumps past the end of the program");
        assertInvalid(program(new BpfInsn(jeq, 0, 2, 0), RETURN, RETURN),
                "instruction 0 jumps past the end of the program");
        assertInvalid(program(new BpfInsn(jeq, 0, 0, 0)),
                "instruction 0 jumps past the end of the program");
    }

    @Test
    void unconditionalJumpsLandInsideTheProgram() throws BpfException {
        int ja = BPF_JMP | BPF_JA;
        // jt and jf mean nothing to BPF_JA
        assertThat(BpfFilter.compile(program(new BpfInsn(ja, 9, 9, 1), RETURN, RETURN))).isNotNull();
        assertInvalid(program(new BpfInsn(ja, 0, 0, 2), RETURN, RETURN), "instruction 0 jumps past the end of the program");
        assertInvalid(program(new BpfInsn(ja, 0, 0, -1), RETURN), "instruction 0 jumps past the end of the program");
    }

    @Test
    void theLastInstructionReturns() throws BpfException {
        assertInvalid(program(RETURN, new BpfInsn(BPF_LD | BPF_IMM, 0, 0, 0)),
                "the last instruction (1) is not a return, so the program could run off its end");
        assertThat(BpfFilter.compile(program(new BpfInsn(BPF_RET | BPF_A, 0, 0, 0)))).isNotNull();
    }

    @Test
    void theFirstOffenceIsReported() {
        List<BpfInsn> instructions = new ArrayList<>(List.of(new BpfInsn(BPF_ST, 0, 0, 99), new BpfInsn(0xff, 0, 0, 0)));
        assertInvalid(new BpfProgram(instructions),
                "instruction 0 addresses scratch memory word 99, past the last of BPF_MEMWORDS (16)");
    }
}
