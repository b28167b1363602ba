package io.zbuf.afpacket;

import com.sun.jna.Pointer;
import io.zbuf.afpacket.libc.LinuxLibc;

import java.util.ArrayList;
import java.util.List;

/**
 * The interfaces of this network namespace, from {@code if_nameindex(3)}: an array of {@code struct if_nameindex}
 * ({@code unsigned if_index} at 0, {@code char *if_name} at 8; 16 bytes on LP64) ended by an entry of index 0.
 */
public final class LinuxInterfaces {
    /** {@code sizeof(struct if_nameindex)} on LP64. */
    static final int ENTRY_SIZE = 16;
    /** Offset of {@code if_name}. */
    static final int NAME_OFFSET = 8;

    private LinuxInterfaces() {
    }

    /**
     * The names of this host's interfaces (of this process's network namespace), in the kernel's order.
     *
     * @throws io.zbuf.spi.BpfException if live capture cannot work here
     */
    public static List<String> names() throws io.zbuf.spi.BpfException {
        AfPacketAvailability.ensureAvailability();
        return names(AfPacketAvailability.libc());
    }

    /** The names {@code libc} lists, in its order; none if it cannot list them. */
    static List<String> names(LinuxLibc libc) {
        Pointer table = libc.if_nameindex();
        List<String> names = new ArrayList<>();
        if (table == null) {
            return names;
        }
        try {
            for (long entry = 0; table.getInt(entry) != 0; entry += ENTRY_SIZE) {
                names.add(table.getPointer(entry + NAME_OFFSET).getString(0));
            }
            return names;
        } finally {
            libc.if_freenameindex(table);
        }
    }
}
