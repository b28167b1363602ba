package io.zbuf.spi;

/**
 * One classic BPF instruction, {@code struct bpf_insn}.
 *
 * @param code opcode ({@code u_short})
 * @param jt   jump offset if true ({@code u_char})
 * @param jf   jump offset if false ({@code u_char})
 * @param k    generic field ({@code u_int})
 */
public record BpfInsn(int code, int jt, int jf, int k) {
    public BpfInsn {
        if ((code & ~0xFFFF) != 0 || (jt & ~0xFF) != 0 || (jf & ~0xFF) != 0) {
            throw new IllegalArgumentException("bpf_insn fields out of range: code=" + code + " jt=" + jt + " jf=" + jf);
        }
    }
}
