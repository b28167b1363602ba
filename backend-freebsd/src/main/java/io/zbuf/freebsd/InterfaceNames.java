package io.zbuf.freebsd;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's interfaces, from {@code if_nameindex(3)}: an array of {@code struct if_nameindex}
 * ({@code u_int if_index} at 0, where each entry starts, and {@code char *if_name} at 8; 16 bytes on LP64) ended
 * by an entry of index 0.
 */
final class InterfaceNames {
    /** {@code sizeof(struct if_nameindex)} on LP64. */
    static final int ENTRY_SIZE = 16;
    /** Offset of {@code if_name}. */
    static final int NAME_OFFSET = 8;

    private InterfaceNames() {
    }

    /** The names, in the order the kernel lists them. */
    static List<String> list(BsdLibc libc) throws BpfException {
        Pointer table = libc.if_nameindex();
        if (table == null) {
            throw LibcErrors.of("if_nameindex", null, Native.getLastError(), null);
        }
        try {
            List<String> names = new ArrayList<>();
            for (long entry = 0; table.getInt(entry) != 0; entry += ENTRY_SIZE) {
                names.add(table.getPointer(entry + NAME_OFFSET).getString(0));
            }
            return names;
        } finally {
            libc.if_freenameindex(table);
        }
    }
}
