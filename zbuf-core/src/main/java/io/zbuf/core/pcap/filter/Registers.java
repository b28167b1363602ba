package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;

import java.util.Objects;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * What A and X hold, symbolically: a key naming the computation from packet bytes and constants (such as
 * {@code h[12]} or {@code (w[26]&-256)}), null when unknown. Packet bytes do not change while a program
 * runs, so equal keys mean equal values anywhere in the program.
 */
final class Registers {
    String a;
    String x;
    private final String[] memory = new String[BPF_MEMWORDS];

    Registers(String a, String x) {
        this.a = a;
        this.x = x;
    }

    /** Applies one statement. */
    void apply(BpfInsn insn) {
        int code = insn.code();
        int k = insn.k();
        switch (bpfClass(code)) {
            case BPF_LD -> a = switch (bpfMode(code)) {
                case BPF_ABS -> size(code) + "[" + k + "]";
                case BPF_IND -> x == null ? null : size(code) + "[" + x + "+" + k + "]";
                case BPF_IMM -> "#" + k;
                case BPF_LEN -> "len";
                default -> memory[k];
            };
            case BPF_LDX -> x = switch (bpfMode(code)) {
                case BPF_MSH -> "msh[" + k + "]";
                case BPF_IMM -> "#" + k;
                case BPF_LEN -> "len";
                default -> memory[k];
            };
            case BPF_ST -> memory[k] = a;
            case BPF_STX -> memory[k] = x;
            case BPF_ALU -> {
                String operand = (code & BPF_X) != 0 ? x : "#" + k;
                a = bpfOp(code) == BPF_NEG ? a == null ? null : "-(" + a + ")"
                    : a == null || operand == null ? null : "(" + a + " " + bpfOp(code) + " " + operand + ")";
            }
            default -> {
                if ((code & BPF_TXA) != 0) {
                    a = x;
                } else {
                    x = a;
                }
            }
        }
    }

    private static String size(int code) {
        return switch (bpfSize(code)) {
            case BPF_W -> "w";
            case BPF_H -> "h";
            default -> "b";
        };
    }

    /** Whether applying {@code insn} would leave the registers as they are (a load of what is already there). */
    boolean unchangedBy(BpfInsn insn) {
        int cls = bpfClass(insn.code());
        if (cls != BPF_LD && cls != BPF_LDX) {
            return false;
        }
        Registers after = new Registers(a, x);
        System.arraycopy(memory, 0, after.memory, 0, BPF_MEMWORDS);
        after.apply(insn);
        return cls == BPF_LD ? a != null && a.equals(after.a) : x != null && x.equals(after.x);
    }

    /** What is known on entry to a block from predecessors with these registers. */
    static Registers meet(Registers one, Registers other) {
        return new Registers(Objects.equals(one.a, other.a) ? one.a : null, Objects.equals(one.x, other.x) ? one.x : null);
    }
}
