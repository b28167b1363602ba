package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;

import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;

/** Prints a program as tcpdump's {@code -d} (libpcap's {@code bpf_image}), {@code -dd} and {@code -ddd} do. */
public final class ProgramDump {
    private ProgramDump() {
    }

    /** {@code -d}: one line per instruction, {@code (000) ldh      [12]}. */
    public static String assembly(BpfProgram program) {
        StringBuilder out = new StringBuilder();
        List<BpfInsn> instructions = program.instructions();
        for (int i = 0; i < instructions.size(); i++) {
            out.append(image(instructions.get(i), i)).append('\n');
        }
        return out.toString();
    }

    /** {@code -dd}: a C array body, {@code { 0x28, 0, 0, 0x0000000c },}. */
    public static String cArray(BpfProgram program) {
        StringBuilder out = new StringBuilder();
        for (BpfInsn insn : program.instructions()) {
            out.append(String.format("{ 0x%x, %d, %d, 0x%08x },%n", insn.code(), insn.jt(), insn.jf(), insn.k()));
        }
        return out.toString();
    }

    /** {@code -ddd}: the count, then {@code code jt jf k} in decimal, one instruction a line. */
    public static String decimal(BpfProgram program) {
        StringBuilder out = new StringBuilder().append(program.instructions().size()).append('\n');
        for (BpfInsn insn : program.instructions()) {
            out.append(insn.code()).append(' ').append(insn.jt()).append(' ').append(insn.jf()).append(' ')
                .append(Integer.toUnsignedString(insn.k())).append('\n');
        }
        return out.toString();
    }

    private static String image(BpfInsn insn, int n) {
        int code = insn.code();
        int k = insn.k();
        String hex = "#0x" + Integer.toHexString(k);
        String op;
        String operand;
        switch (bpfClass(code)) {
            case BPF_RET -> {
                op = "ret";
                operand = (code & BPF_A) != 0 ? "" : "#" + Integer.toUnsignedString(k);
            }
            case BPF_LD -> {
                op = bpfMode(code) == BPF_ABS || bpfMode(code) == BPF_IND ? loadName("ld", code) : "ld";
                operand = switch (bpfMode(code)) {
                    case BPF_ABS -> "[" + k + "]";
                    case BPF_IND -> "[x + " + k + "]";
                    case BPF_LEN -> "#pktlen";
                    case BPF_MEM -> "M[" + k + "]";
                    default -> hex;
                };
            }
            case BPF_LDX -> {
                op = bpfMode(code) == BPF_MSH ? "ldxb" : "ldx";
                operand = switch (bpfMode(code)) {
                    case BPF_MSH -> "4*([" + k + "]&0xf)";
                    case BPF_LEN -> "#pktlen";
                    case BPF_MEM -> "M[" + k + "]";
                    default -> hex;
                };
            }
            case BPF_ST -> {
                op = "st";
                operand = "M[" + k + "]";
            }
            case BPF_STX -> {
                op = "stx";
                operand = "M[" + k + "]";
            }
            case BPF_ALU -> {
                op = switch (bpfOp(code)) {
                    case BPF_ADD -> "add";
                    case BPF_SUB -> "sub";
                    case BPF_MUL -> "mul";
                    case BPF_DIV -> "div";
                    case BPF_MOD -> "mod";
                    case BPF_AND -> "and";
                    case BPF_OR -> "or";
                    case BPF_XOR -> "xor";
                    case BPF_LSH -> "lsh";
                    case BPF_RSH -> "rsh";
                    default -> "neg";
                };
                boolean hexOperand = bpfOp(code) == BPF_AND || bpfOp(code) == BPF_OR || bpfOp(code) == BPF_XOR;
                operand = bpfOp(code) == BPF_NEG ? "" : (code & BPF_X) != 0 ? "x" : hexOperand ? hex : "#" + k;
            }
            case BPF_JMP -> {
                if (bpfOp(code) == BPF_JA) {
                    return String.format("(%03d) %-8s %d", n, "ja", n + 1 + k);
                }
                op = switch (bpfOp(code)) {
                    case BPF_JEQ -> "jeq";
                    case BPF_JGT -> "jgt";
                    case BPF_JGE -> "jge";
                    default -> "jset";
                };
                operand = (code & BPF_X) != 0 ? "x" : hex;
                return String.format("(%03d) %-8s %-16s jt %d\tjf %d", n, op, operand, n + 1 + insn.jt(), n + 1 + insn.jf());
            }
            default -> {
                op = (code & BPF_TXA) != 0 ? "txa" : "tax";
                operand = "";
            }
        }
        return String.format("(%03d) %-8s %s", n, op, operand);
    }

    private static String loadName(String base, int code) {
        return switch (bpfSize(code)) {
            case BPF_H -> base + "h";
            case BPF_B -> base + "b";
            default -> base;
        };
    }
}
