package io.zbuf.core.filter;

import io.zbuf.spi.BpfProgram;

/**
 * The classic BPF instruction encoding of {@code <net/bpf.h>}: an opcode is a class (low 3 bits) combined
 * with class-specific fields (size and addressing mode for loads, operation and operand source for ALU and
 * jumps, return value source for returns).
 *
 * <pre>
 *   7 6 5 4 3 2 1 0
 *  +-----+---+-----+
 *  |mode |siz|class|   loads and stores
 *  +-------+-+-----+
 *  |  op   |s|class|   ALU and jumps (s = BPF_K / BPF_X)
 *  +-------+-+-----+
 * </pre>
 */
public final class BpfOpcodes {
    /** Instruction class: load into the accumulator. */
    public static final int BPF_LD = 0x00;
    /** Instruction class: load into the index register. */
    public static final int BPF_LDX = 0x01;
    /** Instruction class: store the accumulator into scratch memory. */
    public static final int BPF_ST = 0x02;
    /** Instruction class: store the index register into scratch memory. */
    public static final int BPF_STX = 0x03;
    /** Instruction class: arithmetic and logic on the accumulator. */
    public static final int BPF_ALU = 0x04;
    /** Instruction class: jumps. */
    public static final int BPF_JMP = 0x05;
    /** Instruction class: return (accept that many bytes). */
    public static final int BPF_RET = 0x06;
    /** Instruction class: register transfers. */
    public static final int BPF_MISC = 0x07;

    /** Load size: 32-bit word. */
    public static final int BPF_W = 0x00;
    /** Load size: 16-bit half word. */
    public static final int BPF_H = 0x08;
    /** Load size: byte. */
    public static final int BPF_B = 0x10;

    /** Addressing mode: the constant {@code k}. */
    public static final int BPF_IMM = 0x00;
    /** Addressing mode: packet bytes at offset {@code k}. */
    public static final int BPF_ABS = 0x20;
    /** Addressing mode: packet bytes at offset {@code X + k}. */
    public static final int BPF_IND = 0x40;
    /** Addressing mode: scratch memory word {@code k}. */
    public static final int BPF_MEM = 0x60;
    /** Addressing mode: the packet's length on the wire. */
    public static final int BPF_LEN = 0x80;
    /** Addressing mode (BPF_LDX only): {@code 4 * (P[k] & 0xf)}, an IPv4 header length. */
    public static final int BPF_MSH = 0xa0;

    /** ALU operation: addition. */
    public static final int BPF_ADD = 0x00;
    /** ALU operation: subtraction. */
    public static final int BPF_SUB = 0x10;
    /** ALU operation: multiplication. */
    public static final int BPF_MUL = 0x20;
    /** ALU operation: unsigned division. */
    public static final int BPF_DIV = 0x30;
    /** ALU operation: bitwise or. */
    public static final int BPF_OR = 0x40;
    /** ALU operation: bitwise and. */
    public static final int BPF_AND = 0x50;
    /** ALU operation: left shift. */
    public static final int BPF_LSH = 0x60;
    /** ALU operation: logical right shift. */
    public static final int BPF_RSH = 0x70;
    /** ALU operation: negation (no operand). */
    public static final int BPF_NEG = 0x80;
    /** ALU operation: unsigned remainder. */
    public static final int BPF_MOD = 0x90;
    /** ALU operation: bitwise exclusive or. */
    public static final int BPF_XOR = 0xa0;

    /** Jump operation: always, by {@code k}. */
    public static final int BPF_JA = 0x00;
    /** Jump operation: if equal. */
    public static final int BPF_JEQ = 0x10;
    /** Jump operation: if greater than, unsigned. */
    public static final int BPF_JGT = 0x20;
    /** Jump operation: if greater or equal, unsigned. */
    public static final int BPF_JGE = 0x30;
    /** Jump operation: if any bit of the operand is set in the accumulator. */
    public static final int BPF_JSET = 0x40;

    /** Operand source: the constant {@code k}. */
    public static final int BPF_K = 0x00;
    /** Operand source: the index register. */
    public static final int BPF_X = 0x08;
    /** Return value source (BPF_RET only): the accumulator. */
    public static final int BPF_A = 0x10;

    /** Register transfer: accumulator to index register. */
    public static final int BPF_TAX = 0x00;
    /** Register transfer: index register to accumulator. */
    public static final int BPF_TXA = 0x80;

    /** {@code BPF_MEMWORDS}: words of scratch memory. */
    public static final int BPF_MEMWORDS = 16;
    /** {@code BPF_MAXINSNS}: the longest program BIOCSETF accepts. */
    public static final int BPF_MAXINSNS = BpfProgram.MAX_INSNS;

    private BpfOpcodes() {
    }

    /** {@code BPF_CLASS(code)}. */
    public static int bpfClass(int code) {
        return code & 0x07;
    }

    /** {@code BPF_SIZE(code)}. */
    public static int bpfSize(int code) {
        return code & 0x18;
    }

    /** {@code BPF_MODE(code)}. */
    public static int bpfMode(int code) {
        return code & 0xe0;
    }

    /** {@code BPF_OP(code)}. */
    public static int bpfOp(int code) {
        return code & 0xf0;
    }
}
