package io.zbuf.core.filter;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static io.zbuf.core.filter.BpfOpcodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapLengthTest {
    private static BpfInsn insn(int code, int jt, int jf, int k) {
        return new BpfInsn(code, jt, jf, k);
    }

    private static BpfInsn retK(int k) {
        return insn(BPF_RET | BPF_K, 0, 0, k);
    }

    private static BpfProgram program(BpfInsn... instructions) {
        return new BpfProgram(List.of(instructions));
    }

    @Test
    void acceptAllIsRetSnaplenAsLibpcapOpensADescriptor() {
        assertThat(SnapLength.acceptAll(262_144)).isEqualTo(program(retK(262_144)));
        assertThat(SnapLength.acceptAll(1)).isEqualTo(program(retK(1)));
    }

    @Test
    void theEmptyProgramWhichFreeBsdRunsAsAcceptWholeBecomesAcceptAll() throws BpfException {
        assertThat(SnapLength.bound(BpfProgram.ACCEPT_ALL, 96)).isEqualTo(program(retK(96)));
    }

    @Test
    void aProgramWhoseReturnsStayWithinIsInstalledAsItIs() throws BpfException {
        BpfProgram compiled = program(insn(BPF_LD | BPF_H | BPF_ABS, 0, 0, 12), insn(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0x800),
            retK(96), retK(0));

        assertThat(SnapLength.bound(compiled, 96)).isSameAs(compiled);
        assertThat(SnapLength.bound(compiled, 262_144)).isSameAs(compiled);
    }

    @Test
    void constantReturnsAboveTheSnapLengthAreLoweredAndRejectsKept() throws BpfException {
        BpfProgram program = program(insn(BPF_LD | BPF_H | BPF_ABS, 0, 0, 12), insn(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0x800),
            retK(97), retK(-1), retK(0));

        assertThat(SnapLength.bound(program, 96).instructions()).containsExactly(insn(BPF_LD | BPF_H | BPF_ABS, 0, 0, 12),
            insn(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0x800), retK(96), retK(96), retK(0));
    }

    @Test
    void returnsOfTheAccumulatorGoThroughATailThatReturnsTheSmaller() throws BpfException {
        BpfProgram program = program(insn(BPF_LD | BPF_W | BPF_LEN, 0, 0, 0), insn(BPF_JMP | BPF_JGT | BPF_K, 0, 1, 1000),
            insn(BPF_RET | BPF_A, 0, 0, 0), insn(BPF_RET | BPF_A, 0, 0, 0));

        assertThat(SnapLength.bound(program, 96).instructions()).containsExactly(insn(BPF_LD | BPF_W | BPF_LEN, 0, 0, 0),
            insn(BPF_JMP | BPF_JGT | BPF_K, 0, 1, 1000), insn(BPF_JMP | BPF_JA, 0, 0, 1), insn(BPF_JMP | BPF_JA, 0, 0, 0),
            insn(BPF_JMP | BPF_JGT | BPF_K, 0, 1, 96), retK(96), insn(BPF_RET | BPF_A, 0, 0, 0));
    }

    @Test
    void aProgramTheKernelRefusesIsLeftForTheKernelToRefuse() throws BpfException {
        BpfProgram runsOffItsEnd = program(insn(BPF_RET | BPF_A, 0, 0, 0), insn(BPF_LD | BPF_IMM, 0, 0, 1));

        assertThat(SnapLength.bound(runsOffItsEnd, 96)).isSameAs(runsOffItsEnd);
    }

    @ParameterizedTest(name = "{0} instructions")
    @ValueSource(ints = {509, 510})
    void theTailMustFitUnderBpfMaxinsns(int length) throws BpfException {
        List<BpfInsn> instructions = new ArrayList<>(Collections.nCopies(length - 1, insn(BPF_LD | BPF_IMM, 0, 0, 7)));
        instructions.add(insn(BPF_RET | BPF_A, 0, 0, 0));
        BpfProgram program = new BpfProgram(instructions);

        if (length + SnapLength.ACCUMULATOR_TAIL <= BPF_MAXINSNS) {
            assertThat(SnapLength.bound(program, 5).instructions()).hasSize(BPF_MAXINSNS);
        } else {
            assertThatThrownBy(() -> SnapLength.bound(program, 5)).isInstanceOfSatisfying(BpfException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                assertThat(e.getMessage()).startsWith("BIOCSETF: the filter has 510 instructions and returns A: bounding A by the"
                    + " snap length takes 3 more, beyond BPF_MAXINSNS (512)");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aSnapLengthMustBePositive(int snapLength) {
        assertThatThrownBy(() -> SnapLength.acceptAll(snapLength)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("snap length " + snapLength + " is not positive");
        assertThatThrownBy(() -> SnapLength.bound(BpfProgram.ACCEPT_ALL, snapLength)).isInstanceOf(IllegalArgumentException.class);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** The bounded program returns exactly the smaller (unsigned) of what the program returns and the snap length. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBoundedProgramReturnsTheSmallerOfTheProgramsAnswerAndTheSnapLength(long seed) throws BpfException {
        Random random = new Random(seed);
        BpfProgram program = randomProgram(random);
        int snapLength = 1 + random.nextInt(random.nextBoolean() ? 200 : 300_000);
        BpfFilter original = BpfFilter.compile(program);
        BpfFilter bounded = BpfFilter.compile(SnapLength.bound(program, snapLength));
        Packet packet = new Packet(8);

        for (int i = 0; i < 200; i++) {
            Frames.split(Frames.random(random).bytes(), random, packet);
            int answer = original.run(packet);
            int expected = Integer.compareUnsigned(answer, snapLength) > 0 ? snapLength : answer;
            assertThat(bounded.run(packet)).as("seed %d, snap length %d, packet %d: %s", seed, snapLength, i, program)
                .isEqualTo(expected);
        }
    }

    /** A valid program of loads, arithmetic, forward jumps and both kinds of return. */
    private static BpfProgram randomProgram(Random random) {
        int length = 2 + random.nextInt(30);
        List<BpfInsn> instructions = new ArrayList<>(length);
        for (int index = 0; index < length - 1; index++) {
            int following = length - index - 1;
            instructions.add(switch (random.nextInt(7)) {
                case 0 -> insn(BPF_LD | BPF_ABS | (random.nextBoolean() ? BPF_H : BPF_B), 0, 0, random.nextInt(60));
                case 1 -> insn(BPF_LD | BPF_W | BPF_LEN, 0, 0, 0);
                case 2 -> insn(BPF_LD | BPF_IMM, 0, 0, randomReturn(random));
                case 3 -> insn(BPF_ALU | BPF_ADD | BPF_K, 0, 0, random.nextInt(1000));
                case 4 -> insn(BPF_JMP | BPF_JGT | BPF_K, random.nextInt(following), random.nextInt(following), random.nextInt(2000));
                case 5 -> insn(BPF_RET | BPF_A, 0, 0, 0);
                default -> retK(randomReturn(random));
            });
        }
        instructions.add(random.nextBoolean() ? insn(BPF_RET | BPF_A, 0, 0, 0) : retK(randomReturn(random)));
        return new BpfProgram(instructions);
    }

    private static int randomReturn(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> random.nextInt(400);
            default -> random.nextInt();
        };
    }
}
