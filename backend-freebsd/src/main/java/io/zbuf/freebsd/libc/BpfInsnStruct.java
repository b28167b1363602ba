package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct bpf_insn}: one classic BPF instruction, as the array {@link BpfProgramStruct#bf_insns} points to.
 *
 * <pre>
 *   0               2        3        4                 8
 *   +---------------+--------+--------+-----------------+
 *   | code (u_short)| jt     | jf     | k (bpf_u_int32) |
 *   +---------------+--------+--------+-----------------+
 * </pre>
 */
@Structure.FieldOrder({"code", "jt", "jf", "k"})
public final class BpfInsnStruct extends Structure {
    /** {@code sizeof(struct bpf_insn)}. */
    public static final int SIZE = 8;

    /** Opcode, unsigned. */
    public short code;
    /** Jump offset if true, unsigned. */
    public byte jt;
    /** Jump offset if false, unsigned. */
    public byte jf;
    /** Generic field. */
    public int k;

    /** A zeroed structure in memory of its own. */
    public BpfInsnStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public BpfInsnStruct(Pointer memory) {
        super(memory);
    }
}
