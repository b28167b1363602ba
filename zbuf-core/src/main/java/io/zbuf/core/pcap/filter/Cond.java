package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;

import java.util.List;

/**
 * A boolean expression over a packet before code generation: tests (statements then a conditional jump)
 * combined with and, or, not; constants where the link type decides a test.
 */
sealed interface Cond {
    Cond TRUE = new Constant(true);
    Cond FALSE = new Constant(false);

    /** Runs {@code statements}, then jumps on {@code jump} (a BPF_JMP opcode) against {@code k} or X. */
    record Test(List<BpfInsn> statements, int jump, int k) implements Cond {
        public Test {
            statements = List.copyOf(statements);
        }
    }

    /** Both, left first. */
    record And(Cond left, Cond right) implements Cond {
    }

    /** Either, left first. */
    record Or(Cond left, Cond right) implements Cond {
    }

    /** The opposite. */
    record Not(Cond operand) implements Cond {
    }

    /** Always true or always false. */
    record Constant(boolean value) implements Cond {
    }

    static Cond and(Cond left, Cond right) {
        if (left instanceof Constant c) {
            return c.value() ? right : FALSE;
        }
        if (right instanceof Constant c && c.value()) {
            return left;
        }
        return new And(left, right);
    }

    static Cond or(Cond left, Cond right) {
        if (left instanceof Constant c) {
            return c.value() ? TRUE : right;
        }
        if (right instanceof Constant c && !c.value()) {
            return left;
        }
        return new Or(left, right);
    }

    static Cond not(Cond operand) {
        if (operand instanceof Constant c) {
            return c.value() ? FALSE : TRUE;
        }
        return operand instanceof Not n ? n.operand() : new Not(operand);
    }
}
