package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct bpf_program}, the argument of BIOCSETF: a count and a pointer to that many
 * {@link BpfInsnStruct}s. A NULL pointer with a zero count removes the filter.
 *
 * <pre>
 *   0                4                8                                16
 *   +----------------+----------------+--------------------------------+
 *   | bf_len (u_int) | padding        | bf_insns (struct bpf_insn *)   |
 *   +----------------+----------------+--------------------------------+
 * </pre>
 */
@Structure.FieldOrder({"bf_len", "bf_insns"})
public final class BpfProgramStruct extends Structure {
    /** {@code sizeof(struct bpf_program)} on LP64. */
    public static final int SIZE = 16;

    /** Number of instructions. */
    public int bf_len;
    /** The instructions, or NULL. */
    public Pointer bf_insns;

    /** A zeroed structure in memory of its own. */
    public BpfProgramStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public BpfProgramStruct(Pointer memory) {
        super(memory);
    }
}
