package io.zbuf.core.filter;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.Errno;

import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * The checks of FreeBSD's {@code bpf_validate()}: a program that passes them cannot read outside scratch
 * memory, divide by a constant zero, jump outside itself or run off its end. Loads from the packet are
 * bounds-checked at run time instead.
 */
final class BpfValidator {
    /** The size bits no load uses ({@code BPF_DW} of later BPF dialects). */
    private static final int UNUSED_SIZE = 0x18;

    private BpfValidator() {
    }

    /**
     * Validates a non-empty program.
     *
     * @throws BpfException {@link Errno#EINVAL}, naming the first offending instruction and why
     */
    static void validate(List<BpfInsn> program) throws BpfException {
        int length = program.size();
        if (length > BPF_MAXINSNS) {
            throw invalid("the program has " + length + " instructions, more than BPF_MAXINSNS (" + BPF_MAXINSNS + ")");
        }
        for (int index = 0; index < length; index++) {
            validate(program.get(index), index, length);
        }
        int last = length - 1;
        if (bpfClass(program.get(last).code()) != BPF_RET) {
            throw invalid("the last instruction (" + last + ") is not a return, so the program could run off its end");
        }
    }

    private static void validate(BpfInsn insn, int index, int length) throws BpfException {
        int code = insn.code();
        if (!isKnown(code)) {
            throw invalid("instruction " + index + " has an unknown opcode 0x" + Integer.toHexString(code));
        }
        if (addressesScratchMemory(code) && Integer.compareUnsigned(insn.k(), BPF_MEMWORDS) >= 0) {
            throw invalid("instruction " + index + " addresses scratch memory word " + Integer.toUnsignedString(insn.k())
                    + ", past the last of BPF_MEMWORDS (" + BPF_MEMWORDS + ")");
        }
        if ((code == (BPF_ALU | BPF_DIV | BPF_K) || code == (BPF_ALU | BPF_MOD | BPF_K)) && insn.k() == 0) {
            throw invalid("instruction " + index + " divides by the constant 0");
        }
        if (bpfClass(code) == BPF_JMP) {
            int following = length - index - 1;
            boolean outside = bpfOp(code) == BPF_JA
                    ? Integer.compareUnsigned(insn.k(), following) >= 0
                    : insn.jt() >= following || insn.jf() >= following;
            if (outside) {
                throw invalid("instruction " + index + " jumps past the end of the program");
            }
        }
    }

    private static boolean addressesScratchMemory(int code) {
        return code == BPF_ST || code == BPF_STX || code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM);
    }

    /** Whether {@code code} is one of the opcodes {@code bpf_filter()} executes. */
    private static boolean isKnown(int code) {
        if ((code & ~0xff) != 0) {
            return false;
        }
        int op = bpfOp(code);
        int mode = bpfMode(code);
        return switch (bpfClass(code)) {
            case BPF_LD -> mode == BPF_ABS || mode == BPF_IND
                    ? bpfSize(code) != UNUSED_SIZE
                    : code == (BPF_LD | BPF_IMM) || code == (BPF_LD | BPF_MEM) || code == (BPF_LD | BPF_W | BPF_LEN);
            case BPF_LDX -> code == (BPF_LDX | BPF_IMM) || code == (BPF_LDX | BPF_MEM)
                    || code == (BPF_LDX | BPF_W | BPF_LEN) || code == (BPF_LDX | BPF_B | BPF_MSH);
            case BPF_ST, BPF_STX -> code == bpfClass(code);
            case BPF_ALU -> op == BPF_NEG ? code == (BPF_ALU | BPF_NEG) : op <= BPF_XOR;
            case BPF_JMP -> op == BPF_JA ? code == (BPF_JMP | BPF_JA) : op <= BPF_JSET;
            case BPF_RET -> code == (BPF_RET | BPF_K) || code == (BPF_RET | BPF_A);
            default -> code == (BPF_MISC | BPF_TAX) || code == (BPF_MISC | BPF_TXA);
        };
    }

    static BpfException invalid(String reason) {
        return new BpfException(Errno.EINVAL, "BIOCSETF: " + reason);
    }
}
