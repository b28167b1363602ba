package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct bpf_zbuf}, the argument of BIOCSETZBUF and BIOCROTZBUF.
 *
 * <pre>
 *   0                   8                   16                  24
 *   +-------------------+-------------------+-------------------+
 *   | bz_bufa (void *)  | bz_bufb (void *)  | bz_buflen (size_t)|
 *   +-------------------+-------------------+-------------------+
 * </pre>
 */
@Structure.FieldOrder({"bz_bufa", "bz_bufb", "bz_buflen"})
public final class BpfZbufStruct extends Structure {
    /** {@code sizeof(struct bpf_zbuf)} on LP64. */
    public static final int SIZE = 24;

    /** Buffer A; for BIOCROTZBUF the buffer handed over, or NULL. */
    public Pointer bz_bufa;
    /** Buffer B; zero in BIOCROTZBUF's answer. */
    public Pointer bz_bufb;
    /** Bytes of each buffer; for BIOCROTZBUF the bytes of records handed over. */
    public long bz_buflen;

    /** A zeroed structure in memory of its own. */
    public BpfZbufStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public BpfZbufStruct(Pointer memory) {
        super(memory);
    }
}
