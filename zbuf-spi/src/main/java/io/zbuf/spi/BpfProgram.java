package io.zbuf.spi;

import java.util.List;

/**
 * {@code struct bpf_program}: a classic BPF filter for BIOCSETF. An empty program accepts every packet whole,
 * as FreeBSD does for a NULL program.
 *
 * @param instructions the instructions, at most {@link #MAX_INSNS}
 */
public record BpfProgram(List<BpfInsn> instructions) {
    /** {@code BPF_MAXINSNS}. */
    public static final int MAX_INSNS = 512;

    /** Accepts every packet whole. */
    public static final BpfProgram ACCEPT_ALL = new BpfProgram(List.of());

    public BpfProgram {
        instructions = List.copyOf(instructions);
    }
}
