package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;

import java.util.ArrayList;
import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * An arithmetic expression of a relation ({@code tcp[13] & 2}, {@code len - 14}): the tests its packet
 * accesses need ({@link #guard()}, e.g. "IPv4, TCP, not a later fragment") and how it computes into A.
 */
sealed interface Value {
    /** The tests that must hold before the value can be computed. */
    Cond guard();

    /** Appends the statements that leave the value in A, using scratch words from {@code scratch} up. */
    void compute(List<BpfInsn> code, int scratch);

    /** A constant. */
    record Constant(int value) implements Value {
        @Override
        public Cond guard() {
            return Cond.TRUE;
        }

        @Override
        public void compute(List<BpfInsn> code, int scratch) {
            code.add(new BpfInsn(BPF_LD | BPF_IMM, 0, 0, value));
        }
    }

    /** The packet's length on the wire. */
    record Length() implements Value {
        @Override
        public Cond guard() {
            return Cond.TRUE;
        }

        @Override
        public void compute(List<BpfInsn> code, int scratch) {
            code.add(new BpfInsn(BPF_LD | BPF_W | BPF_LEN, 0, 0, 0));
        }
    }

    /**
     * {@code size} bytes at {@code offset + index} of a layer: at a fixed offset, or (a transport header) at
     * {@code headerLengthAt}'s IPv4 header length plus {@code offset}.
     */
    record Load(Cond layerGuard, int offset, int headerLengthAt, Value index, int size) implements Value {
        static final int FIXED = -1;

        @Override
        public Cond guard() {
            return Cond.and(index.guard(), layerGuard);
        }

        @Override
        public void compute(List<BpfInsn> code, int scratch) {
            int sizeCode = size == 4 ? BPF_W : size == 2 ? BPF_H : BPF_B;
            if (index instanceof Constant c) {
                if (headerLengthAt == FIXED) {
                    code.add(new BpfInsn(BPF_LD | sizeCode | BPF_ABS, 0, 0, offset + c.value()));
                } else {
                    code.add(new BpfInsn(BPF_LDX | BPF_B | BPF_MSH, 0, 0, headerLengthAt));
                    code.add(new BpfInsn(BPF_LD | sizeCode | BPF_IND, 0, 0, offset + c.value()));
                }
                return;
            }
            index.compute(code, scratch);
            if (headerLengthAt != FIXED) {
                code.add(new BpfInsn(BPF_ST, 0, 0, scratch));
                code.add(new BpfInsn(BPF_LDX | BPF_B | BPF_MSH, 0, 0, headerLengthAt));
                code.add(new BpfInsn(BPF_LD | BPF_MEM, 0, 0, scratch));
                code.add(new BpfInsn(BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0));
            }
            code.add(new BpfInsn(BPF_MISC | BPF_TAX, 0, 0, 0));
            code.add(new BpfInsn(BPF_LD | sizeCode | BPF_IND, 0, 0, offset));
        }
    }

    /** {@code left op right}, op a BPF_ALU operation. */
    record Binary(int op, Value left, Value right) implements Value {
        @Override
        public Cond guard() {
            return Cond.and(left.guard(), right.guard());
        }

        @Override
        public void compute(List<BpfInsn> code, int scratch) {
            if (right instanceof Constant c) {
                left.compute(code, scratch);
                code.add(new BpfInsn(BPF_ALU | op | BPF_K, 0, 0, c.value()));
                return;
            }
            intoAandX(left, right, code, scratch);
            code.add(new BpfInsn(BPF_ALU | op | BPF_X, 0, 0, 0));
        }
    }

    /** {@code -operand}. */
    record Negation(Value operand) implements Value {
        @Override
        public Cond guard() {
            return operand.guard();
        }

        @Override
        public void compute(List<BpfInsn> code, int scratch) {
            operand.compute(code, scratch);
            code.add(new BpfInsn(BPF_ALU | BPF_NEG, 0, 0, 0));
        }
    }

    /**
     * Computes {@code left} into A and {@code right} into X, left first as libpcap does: left, kept in scratch word
     * {@code scratch} while right is computed with the words above it. A chain that nests to the left
     * ({@code a - b - c}) needs one word; each level of nesting to the right one more.
     */
    static void intoAandX(Value left, Value right, List<BpfInsn> code, int scratch) {
        if (scratch >= BPF_MEMWORDS) {
            throw new FilterSyntaxException("expression too complex: more than " + BPF_MEMWORDS
                + " scratch words", FilterSyntaxException.WHOLE_EXPRESSION, "");
        }
        left.compute(code, scratch);
        code.add(new BpfInsn(BPF_ST, 0, 0, scratch));
        right.compute(code, scratch + 1);
        code.add(new BpfInsn(BPF_MISC | BPF_TAX, 0, 0, 0));
        code.add(new BpfInsn(BPF_LD | BPF_MEM, 0, 0, scratch));
    }

    /** The relation {@code left jump right} as a test, guards first; jump is BPF_JEQ, BPF_JGT, BPF_JGE or BPF_JSET. */
    static Cond relation(Value left, int jump, Value right) {
        return relation(left, jump, right, false);
    }

    /**
     * The relation, its comparison {@code negated} ({@code !=}, {@code <}, {@code <=}) but not its guards: as in
     * libpcap, {@code tcp[13] != 0} is false for a packet that is not TCP.
     */
    static Cond relation(Value left, int jump, Value right, boolean negated) {
        List<BpfInsn> code = new ArrayList<>();
        Cond guard = Cond.and(left.guard(), right.guard());
        if (right instanceof Constant c) {
            left.compute(code, 0);
            return Cond.and(guard, negate(new Cond.Test(code, BPF_JMP | jump | BPF_K, c.value()), negated));
        }
        intoAandX(left, right, code, 0);
        return Cond.and(guard, negate(new Cond.Test(code, BPF_JMP | jump | BPF_X, 0), negated));
    }

    private static Cond negate(Cond test, boolean negated) {
        return negated ? Cond.not(test) : test;
    }
}
