package io.zbuf.core.filter;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code bpf_filter()} one instruction class at a time. */
class BpfInterpreterTest {
    /** 8 bytes of packet, none of them zero, in three fragments: {11} {22 33} {} {44 55 66 77 88}. */
    private static final Packet PACKET = new Packet(4)
            .append(ByteBuffer.wrap(new byte[] {0x11}))
            .append(ByteBuffer.wrap(new byte[] {0, 0x22, 0x33, 0}, 1, 2).slice())
            .append(ByteBuffer.allocate(0))
            .append(ByteBuffer.wrap(new byte[] {(byte) 0x99, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}).position(1))
            .wireLength(1500);
    private static final BpfInsn RETURN_A = insn(BPF_RET | BPF_A, 0);

    private static BpfInsn insn(int code, int k) {
        return new BpfInsn(code, 0, 0, k);
    }

    private static int run(Packet packet, BpfInsn... instructions) throws BpfException {
        return BpfFilter.compile(new BpfProgram(List.of(instructions))).run(packet);
    }

    private static int run(BpfInsn... instructions) throws BpfException {
        return run(PACKET, instructions);
    }

    @ParameterizedTest(name = "{0} bytes at {1} = {2}")
    @CsvSource({
        "4, 0, 0x11223344", "4, 1, 0x22334455", "4, 4, 0x55667788",
        "2, 0, 0x1122", "2, 2, 0x3344", "2, 3, 0x4455", "2, 6, 0x7788",
        "1, 0, 0x11", "1, 3, 0x44", "1, 7, 0x88"})
    void absoluteLoadsReadBigEndianAcrossFragments(int size, int offset, String expected) throws BpfException {
        int code = BPF_LD | BPF_ABS | (size == 4 ? BPF_W : size == 2 ? BPF_H : BPF_B);
        assertThat(run(insn(code, offset), RETURN_A)).isEqualTo(Integer.decode(expected));
    }

    @ParameterizedTest(name = "{0} bytes at {1} reject")
    @CsvSource({"4, 5", "2, 7", "1, 8", "4, -1", "1, -1", "2, 2147483647"})
    void loadsPastTheBytesPresentReject(int size, int offset) throws BpfException {
        int code = BPF_LD | BPF_ABS | (size == 4 ? BPF_W : size == 2 ? BPF_H : BPF_B);
        assertThat(run(insn(code, offset), insn(BPF_RET | BPF_K, 7))).isZero();
        assertThat(run(insn(BPF_LDX | BPF_IMM, 1), insn(code - BPF_ABS + BPF_IND, offset - 1), insn(BPF_RET | BPF_K, 7)))
                .isZero();
    }

    @Test
    void indirectLoadsAddTheIndexRegister() throws BpfException {
        assertThat(run(insn(BPF_LDX | BPF_IMM, 3), insn(BPF_LD | BPF_W | BPF_IND, 1), RETURN_A)).isEqualTo(0x55667788);
        assertThat(run(insn(BPF_LDX | BPF_IMM, 3), insn(BPF_LD | BPF_H | BPF_IND, 0), RETURN_A)).isEqualTo(0x4455);
        assertThat(run(insn(BPF_LDX | BPF_IMM, 7), insn(BPF_LD | BPF_B | BPF_IND, 0), RETURN_A)).isEqualTo(0x88);
        // X + k overflowing 32 bits must not wrap around to the start of the packet
        assertThat(run(insn(BPF_LDX | BPF_IMM, -1), insn(BPF_LD | BPF_B | BPF_IND, 2), insn(BPF_RET | BPF_K, 7))).isZero();
    }

    @Test
    void lengthLoadsTheWireLength() throws BpfException {
        assertThat(run(insn(BPF_LD | BPF_W | BPF_LEN, 0), RETURN_A)).isEqualTo(1500);
        assertThat(run(insn(BPF_LDX | BPF_W | BPF_LEN, 0), insn(BPF_MISC | BPF_TXA, 0), RETURN_A)).isEqualTo(1500);
    }

    @Test
    void immediateLoads() throws BpfException {
        assertThat(run(insn(BPF_LD | BPF_IMM, -5), RETURN_A)).isEqualTo(-5);
        assertThat(run(insn(BPF_LDX | BPF_IMM, 42), insn(BPF_MISC | BPF_TXA, 0), RETURN_A)).isEqualTo(42);
    }

    @Test
    void ipHeaderLengthFromTheLowNibble() throws BpfException {
        Packet ip = new Packet(1).append(ByteBuffer.wrap(new byte[] {0, 0x46}));
        assertThat(run(ip, insn(BPF_LDX | BPF_B | BPF_MSH, 1), insn(BPF_MISC | BPF_TXA, 0), RETURN_A)).isEqualTo(24);
        assertThat(run(ip, insn(BPF_LDX | BPF_B | BPF_MSH, 2), insn(BPF_RET | BPF_K, 7))).isZero();
        assertThat(run(ip, insn(BPF_LDX | BPF_B | BPF_MSH, -1), insn(BPF_RET | BPF_K, 7))).isZero();
    }

    @Test
    void scratchMemoryKeepsWordsWithinAPacket() throws BpfException {
        assertThat(run(insn(BPF_LD | BPF_IMM, 9), insn(BPF_ST, 15), insn(BPF_LD | BPF_IMM, 0),
                insn(BPF_LD | BPF_MEM, 15), RETURN_A)).isEqualTo(9);
        assertThat(run(insn(BPF_LDX | BPF_IMM, 8), insn(BPF_STX, 0), insn(BPF_LDX | BPF_MEM, 0),
                insn(BPF_LD | BPF_IMM, 0), insn(BPF_MISC | BPF_TXA, 0), RETURN_A)).isEqualTo(8);
    }

    @Test
    void scratchMemoryStartsEveryPacketZeroed() throws BpfException {
        for (int store : new int[] {BPF_ST, BPF_STX}) {
            // returns what word 3 held on entry, then leaves 5 in it
            BpfFilter filter = BpfFilter.compile(new BpfProgram(List.of(insn(BPF_LD | BPF_MEM, 3), insn(BPF_ST, 4),
                    insn(BPF_LD | BPF_IMM, 5), insn(BPF_LDX | BPF_IMM, 5), insn(store, 3), insn(BPF_LD | BPF_MEM, 4), RETURN_A)));
            assertThat(filter.run(PACKET)).isZero();
            assertThat(filter.run(PACKET)).as("store 0x%x", store).isZero();
        }
    }

    @ParameterizedTest(name = "0x{0}: {1} op {2} = {3}")
    @CsvSource({
        "0x00, 7, 5, 12", "0x00, -1, 2, 1",
        "0x10, 7, 5, 2", "0x10, 5, 7, -2",
        "0x20, 7, 5, 35", "0x20, 65536, 65536, 0",
        "0x30, 35, 5, 7", "0x30, -2, 2, 2147483647", "0x30, 7, 8, 0",
        "0x90, 37, 5, 2", "0x90, -1, 10, 5",
        "0x40, 12, 3, 15", "0x50, 12, 6, 4", "0xa0, 12, 6, 10",
        "0x60, 3, 4, 48", "0x60, 1, 33, 2",
        "0x70, 48, 4, 3", "0x70, -2147483648, 4, 134217728", "0x70, 4, 34, 1"})
    void arithmeticIsUnsigned32Bit(String op, int a, int operand, int expected) throws BpfException {
        int code = BPF_ALU | Integer.decode(op);
        assertThat(run(insn(BPF_LD | BPF_IMM, a), insn(code | BPF_K, operand), RETURN_A)).as("constant").isEqualTo(expected);
        assertThat(run(insn(BPF_LDX | BPF_IMM, operand), insn(BPF_LD | BPF_IMM, a), insn(code | BPF_X, 0), RETURN_A))
                .as("index register").isEqualTo(expected);
    }

    @Test
    void negation() throws BpfException {
        assertThat(run(insn(BPF_LD | BPF_IMM, 5), insn(BPF_ALU | BPF_NEG, 0), RETURN_A)).isEqualTo(-5);
    }

    @Test
    void divisionByAZeroIndexRegisterRejects() throws BpfException {
        for (int op : new int[] {BPF_DIV, BPF_MOD}) {
            assertThat(run(insn(BPF_LD | BPF_IMM, 5), insn(BPF_ALU | op | BPF_X, 0), insn(BPF_RET | BPF_K, 7))).isZero();
        }
        for (int op : new int[] {BPF_ADD, BPF_SUB, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH}) {
            assertThat(run(insn(BPF_LD | BPF_IMM, 5), insn(BPF_ALU | op | BPF_X, 0), RETURN_A)).as("op 0x%x", op).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "0x{0}: {1} vs {2} -> {3}")
    @CsvSource({
        "0x10, 5, 5, true", "0x10, 5, 6, false",
        "0x20, 6, 5, true", "0x20, 5, 5, false", "0x20, -1, 1, true", "0x20, 1, -1, false",
        "0x30, 5, 5, true", "0x30, 4, 5, false", "0x30, -1, 1, true", "0x30, 1, -1, false",
        "0x40, 6, 2, true", "0x40, 6, 9, false"})
    void conditionalJumpsCompareUnsigned(String op, int a, int operand, boolean taken) throws BpfException {
        int code = BPF_JMP | Integer.decode(op);
        BpfInsn notTaken = insn(BPF_RET | BPF_K, 100);
        BpfInsn takenReturn = insn(BPF_RET | BPF_K, 200);
        int expected = taken ? 200 : 100;
        assertThat(run(insn(BPF_LD | BPF_IMM, a), new BpfInsn(code | BPF_K, 1, 0, operand), notTaken, takenReturn))
                .as("constant").isEqualTo(expected);
        assertThat(run(insn(BPF_LDX | BPF_IMM, operand), insn(BPF_LD | BPF_IMM, a), new BpfInsn(code | BPF_X, 1, 0, 0),
                notTaken, takenReturn)).as("index register").isEqualTo(expected);
        assertThat(run(insn(BPF_LD | BPF_IMM, a), new BpfInsn(code | BPF_K, 0, 2, operand), insn(BPF_RET | BPF_K, 300),
                notTaken, takenReturn)).as("false branch").isEqualTo(taken ? 300 : 200);
    }

    @Test
    void unconditionalJumpSkipsK() throws BpfException {
        assertThat(run(insn(BPF_JMP | BPF_JA, 2), insn(BPF_RET | BPF_K, 1), insn(BPF_RET | BPF_K, 2),
                insn(BPF_RET | BPF_K, 3))).isEqualTo(3);
    }

    @Test
    void returnsAConstantOrTheAccumulator() throws BpfException {
        assertThat(run(insn(BPF_RET | BPF_K, 96))).isEqualTo(96);
        assertThat(run(insn(BPF_RET | BPF_K, -1))).isEqualTo(BpfFilter.WHOLE_PACKET);
        assertThat(run(insn(BPF_LD | BPF_IMM, 0), RETURN_A)).isZero();
    }

    @Test
    void registerTransfers() throws BpfException {
        assertThat(run(insn(BPF_LD | BPF_IMM, 6), insn(BPF_MISC | BPF_TAX, 0), insn(BPF_LD | BPF_IMM, 0),
                insn(BPF_MISC | BPF_TXA, 0), RETURN_A)).isEqualTo(6);
    }

    @ParameterizedTest(name = "ret #{0}")
    @CsvSource({"0", "96", "-1"})
    void aProgramThatStartsWithRetKAnswersKWithoutReadingThePacket(int k) throws BpfException {
        assertThat(run(new Packet(1), insn(BPF_RET | BPF_K, k))).isEqualTo(k);
        assertThat(run(new Packet(1), insn(BPF_RET | BPF_K, k), insn(BPF_RET | BPF_K, 7))).isEqualTo(k);
    }

    @Test
    void acceptAllKeepsEveryPacketWhole() {
        assertThat(BpfFilter.ACCEPT_ALL.run(new Packet(1))).isEqualTo(BpfFilter.WHOLE_PACKET);
        assertThat(BpfFilter.ACCEPT_ALL.run(PACKET)).isEqualTo(BpfFilter.WHOLE_PACKET);
    }

    @Test
    void runningAllocatesNothing() throws BpfException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("this JVM counts the bytes each thread allocates (HotSpot does)").isTrue();
        BpfFilter filter = BpfFilter.compile(new BpfProgram(List.of(insn(BPF_LDX | BPF_B | BPF_MSH, 0),
                insn(BPF_LD | BPF_W | BPF_IND, 0), insn(BPF_ST, 1), insn(BPF_LD | BPF_H | BPF_ABS, 5),
                insn(BPF_ALU | BPF_DIV | BPF_K, 3), new BpfInsn(BPF_JMP | BPF_JGT | BPF_K, 0, 1, 7), RETURN_A,
                insn(BPF_RET | BPF_K, -1))));
        int packets = 100_000;
        long verdicts = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < packets; i++) {
            verdicts += filter.run(PACKET);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(verdicts).isNotZero();
        assertThat(allocated).as("bytes allocated for %d packets", packets).isLessThan(packets / 10);
    }
}
