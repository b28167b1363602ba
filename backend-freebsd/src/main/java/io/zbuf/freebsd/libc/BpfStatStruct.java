package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct bpf_stat}, what BIOCGSTATS copies out.
 *
 * <pre>
 *   0                 4                 8
 *   +-----------------+-----------------+
 *   | bs_recv (u_int) | bs_drop (u_int) |
 *   +-----------------+-----------------+
 * </pre>
 */
@Structure.FieldOrder({"bs_recv", "bs_drop"})
public final class BpfStatStruct extends Structure {
    /** {@code sizeof(struct bpf_stat)}. */
    public static final int SIZE = 8;

    /** Packets received, unsigned. */
    public int bs_recv;
    /** Packets dropped, unsigned. */
    public int bs_drop;

    /** A zeroed structure in memory of its own. */
    public BpfStatStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public BpfStatStruct(Pointer memory) {
        super(memory);
    }
}
