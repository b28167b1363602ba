package io.zbuf.core.filter;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.Errno;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * A validated classic BPF program, ready to run on packets: the kernel side of BIOCSETF, FreeBSD's
 * {@code bpf_validate()} and {@code bpf_filter()}.
 *
 * <p>Registers and arithmetic are unsigned 32-bit, as in the kernel; shift counts use their low 5 bits, as
 * amd64 does. A load outside the bytes present, or a division by an index register that is 0, ends the
 * program with 0 (reject), as the kernel does. Scratch memory starts each packet zeroed, so that no verdict
 * depends on the packet before.
 *
 * <p>Not thread-safe: an instance owns its scratch memory, so it runs on one kernel thread at a time (the
 * descriptor's, under its lock). {@link #ACCEPT_ALL} touches no memory and may be shared.
 * {@link #run(Packet)} allocates nothing.
 */
public final class BpfFilter {
    /** What a filter returns to keep the whole packet ({@code (u_int)-1}). */
    public static final int WHOLE_PACKET = -1;

    /** The filter of a descriptor without a program: keeps every packet whole. */
    public static final BpfFilter ACCEPT_ALL = new BpfFilter(new int[] {BPF_RET | BPF_K}, new int[1], new int[1], new int[] {WHOLE_PACKET});

    private final int[] codes;
    private final int[] jumpsIfTrue;
    private final int[] jumpsIfFalse;
    private final int[] constants;
    private final int[] memory = new int[BPF_MEMWORDS];
    private final boolean storesToMemory;
    /** Whether the first instruction is {@code ret #k}, so the verdict is {@link #constantVerdict} for every packet. */
    private final boolean returnsConstant;
    private final int constantVerdict;

    private BpfFilter(int[] codes, int[] jumpsIfTrue, int[] jumpsIfFalse, int[] constants) {
        this.codes = codes;
        this.jumpsIfTrue = jumpsIfTrue;
        this.jumpsIfFalse = jumpsIfFalse;
        this.constants = constants;
        this.storesToMemory = Arrays.stream(codes).anyMatch(code -> code == BPF_ST || code == BPF_STX);
        this.returnsConstant = codes[0] == (BPF_RET | BPF_K);
        this.constantVerdict = constants[0];
    }

    /**
     * Validates a program as {@code bpf_validate()} does; the empty program gives {@link #ACCEPT_ALL}.
     * Each call returns a new filter with its own scratch memory.
     *
     * @throws BpfException {@link Errno#EINVAL} for an invalid program, naming the instruction and the reason
     */
    public static BpfFilter compile(BpfProgram program) throws BpfException {
        List<BpfInsn> instructions = program.instructions();
        if (instructions.isEmpty()) {
            return ACCEPT_ALL;
        }
        BpfValidator.validate(instructions);
        int length = instructions.size();
        int[] codes = new int[length];
        int[] jumpsIfTrue = new int[length];
        int[] jumpsIfFalse = new int[length];
        int[] constants = new int[length];
        for (int i = 0; i < length; i++) {
            BpfInsn insn = instructions.get(i);
            codes[i] = insn.code();
            jumpsIfTrue[i] = insn.jt();
            jumpsIfFalse[i] = insn.jf();
            constants[i] = insn.k();
        }
        return new BpfFilter(codes, jumpsIfTrue, jumpsIfFalse, constants);
    }

    /**
     * Runs the filter: the number of bytes to capture, as an unsigned int: 0 rejects the packet,
     * {@link #WHOLE_PACKET} keeps all of it. The caller clamps it to the packet's length.
     *
     * <p>A program that starts with {@code ret #k}, {@link #ACCEPT_ALL} among them, answers without the
     * interpreter: small enough to inline into the caller, as {@code bpf_filter()} returns at once for a
     * descriptor without a program.
     */
    public int run(Packet packet) {
        return returnsConstant ? constantVerdict : interpret(packet);
    }

    private int interpret(Packet packet) {
        int[] mem = memory;
        if (storesToMemory) {
            Arrays.fill(mem, 0);
        }
        int a = 0;
        int x = 0;
        int pc = 0;
        while (true) {
            int k = constants[pc];
            switch (codes[pc]) {
                case BPF_RET | BPF_K:
                    return k;
                case BPF_RET | BPF_A:
                    return a;

                case BPF_LD | BPF_W | BPF_ABS:
                case BPF_LD | BPF_H | BPF_ABS:
                case BPF_LD | BPF_B | BPF_ABS:
                case BPF_LD | BPF_W | BPF_IND:
                case BPF_LD | BPF_H | BPF_IND:
                case BPF_LD | BPF_B | BPF_IND: {
                    long offset = Integer.toUnsignedLong(k)
                            + (bpfMode(codes[pc]) == BPF_IND ? Integer.toUnsignedLong(x) : 0L);
                    int size = sizeInBytes(codes[pc]);
                    if (offset + size > packet.length()) {
                        return 0;
                    }
                    a = load(packet, (int) offset, size);
                    break;
                }
                case BPF_LD | BPF_W | BPF_LEN:
                    a = packet.wireLength();
                    break;
                case BPF_LD | BPF_IMM:
                    a = k;
                    break;
                case BPF_LD | BPF_MEM:
                    a = mem[k];
                    break;

                case BPF_LDX | BPF_W | BPF_LEN:
                    x = packet.wireLength();
                    break;
                case BPF_LDX | BPF_IMM:
                    x = k;
                    break;
                case BPF_LDX | BPF_MEM:
                    x = mem[k];
                    break;
                case BPF_LDX | BPF_B | BPF_MSH:
                    if (Integer.toUnsignedLong(k) >= packet.length()) {
                        return 0;
                    }
                    x = (packet.unsignedByteAt(k) & 0xf) << 2;
                    break;

                case BPF_ST:
                    mem[k] = a;
                    break;
                case BPF_STX:
                    mem[k] = x;
                    break;

                case BPF_ALU | BPF_NEG:
                    a = -a;
                    break;
                case BPF_ALU | BPF_ADD | BPF_K:
                case BPF_ALU | BPF_SUB | BPF_K:
                case BPF_ALU | BPF_MUL | BPF_K:
                case BPF_ALU | BPF_DIV | BPF_K:
                case BPF_ALU | BPF_MOD | BPF_K:
                case BPF_ALU | BPF_AND | BPF_K:
                case BPF_ALU | BPF_OR | BPF_K:
                case BPF_ALU | BPF_XOR | BPF_K:
                case BPF_ALU | BPF_LSH | BPF_K:
                case BPF_ALU | BPF_RSH | BPF_K:
                    a = alu(bpfOp(codes[pc]), a, k);
                    break;
                case BPF_ALU | BPF_ADD | BPF_X:
                case BPF_ALU | BPF_SUB | BPF_X:
                case BPF_ALU | BPF_MUL | BPF_X:
                case BPF_ALU | BPF_DIV | BPF_X:
                case BPF_ALU | BPF_MOD | BPF_X:
                case BPF_ALU | BPF_AND | BPF_X:
                case BPF_ALU | BPF_OR | BPF_X:
                case BPF_ALU | BPF_XOR | BPF_X:
                case BPF_ALU | BPF_LSH | BPF_X:
                case BPF_ALU | BPF_RSH | BPF_X:
                    if (x == 0 && (bpfOp(codes[pc]) == BPF_DIV || bpfOp(codes[pc]) == BPF_MOD)) {
                        return 0;
                    }
                    a = alu(bpfOp(codes[pc]), a, x);
                    break;

                case BPF_JMP | BPF_JA:
                    pc += k;
                    break;
                case BPF_JMP | BPF_JEQ | BPF_K:
                case BPF_JMP | BPF_JGT | BPF_K:
                case BPF_JMP | BPF_JGE | BPF_K:
                case BPF_JMP | BPF_JSET | BPF_K:
                    pc += test(bpfOp(codes[pc]), a, k) ? jumpsIfTrue[pc] : jumpsIfFalse[pc];
                    break;
                case BPF_JMP | BPF_JEQ | BPF_X:
                case BPF_JMP | BPF_JGT | BPF_X:
                case BPF_JMP | BPF_JGE | BPF_X:
                case BPF_JMP | BPF_JSET | BPF_X:
                    pc += test(bpfOp(codes[pc]), a, x) ? jumpsIfTrue[pc] : jumpsIfFalse[pc];
                    break;

                case BPF_MISC | BPF_TAX:
                    x = a;
                    break;
                case BPF_MISC | BPF_TXA:
                    a = x;
                    break;

                default:
                    throw new IllegalStateException("opcode 0x" + Integer.toHexString(codes[pc]) + " passed validation");
            }
            pc++;
        }
    }

    private static int sizeInBytes(int code) {
        return switch (bpfSize(code)) {
            case BPF_W -> Integer.BYTES;
            case BPF_H -> Short.BYTES;
            default -> Byte.BYTES;
        };
    }

    private static int alu(int op, int a, int operand) {
        return switch (op) {
            case BPF_ADD -> a + operand;
            case BPF_SUB -> a - operand;
            case BPF_MUL -> a * operand;
            case BPF_DIV -> Integer.divideUnsigned(a, operand);
            case BPF_MOD -> Integer.remainderUnsigned(a, operand);
            case BPF_AND -> a & operand;
            case BPF_OR -> a | operand;
            case BPF_XOR -> a ^ operand;
            case BPF_LSH -> a << operand;
            default -> a >>> operand;
        };
    }

    private static boolean test(int op, int a, int operand) {
        return switch (op) {
            case BPF_JEQ -> a == operand;
            case BPF_JGT -> Integer.compareUnsigned(a, operand) > 0;
            case BPF_JGE -> Integer.compareUnsigned(a, operand) >= 0;
            default -> (a & operand) != 0;
        };
    }

    /**
     * {@code size} bytes at {@code offset}, big-endian, which the caller checked lie within the packet;
     * they may straddle fragments.
     */
    private static int load(Packet packet, int offset, int size) {
        int fragmentIndex = 0;
        ByteBuffer fragment = packet.fragment(0);
        int skip = offset;
        while (skip >= fragment.remaining()) {
            skip -= fragment.remaining();
            fragment = packet.fragment(++fragmentIndex);
        }
        int position = fragment.position() + skip;
        int value = Byte.toUnsignedInt(fragment.get(position));
        for (int i = 1; i < size; i++) {
            position++;
            while (position == fragment.limit()) {
                fragment = packet.fragment(++fragmentIndex);
                position = fragment.position();
            }
            value = value << Byte.SIZE | Byte.toUnsignedInt(fragment.get(position));
        }
        return value;
    }
}
