package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct ifreq}, the argument of BIOCSETIF: the interface name, NUL-terminated, in the first
 * {@link #IFNAMSIZ} bytes, then a 16-byte union bpf does not use.
 *
 * <pre>
 *   0                                       16                                      32
 *   +---------------------------------------+---------------------------------------+
 *   | ifr_name (char[IFNAMSIZ])             | ifr_ifru (union, unused by bpf)       |
 *   +---------------------------------------+---------------------------------------+
 * </pre>
 */
@Structure.FieldOrder({"ifr_name", "ifr_ifru"})
public final class IfreqStruct extends Structure {
    /** {@code sizeof(struct ifreq)} on LP64. */
    public static final int SIZE = 32;
    /** {@code IFNAMSIZ}: name bytes, the terminating NUL included. */
    public static final int IFNAMSIZ = 16;
    private static final int UNION_SIZE = SIZE - IFNAMSIZ;

    /** The interface name, NUL-terminated. */
    public byte[] ifr_name = new byte[IFNAMSIZ];
    /** The request union: zero. */
    public byte[] ifr_ifru = new byte[UNION_SIZE];

    /** A zeroed structure in memory of its own. */
    public IfreqStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public IfreqStruct(Pointer memory) {
        super(memory);
    }
}
