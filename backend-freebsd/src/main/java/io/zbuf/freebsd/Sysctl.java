package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

/** Reads integer sysctls, such as {@code net.bpf.zerocopy_enable} and {@code hw.pagesize}. */
final class Sysctl {
    /** Whether the kernel allows zero-copy buffers (BIOCSETBUFMODE with ZBUF answers EINVAL when it is 0). */
    static final String ZEROCOPY_ENABLE = "net.bpf.zerocopy_enable";
    /** The page size the kernel maps memory in. */
    static final String PAGE_SIZE = "hw.pagesize";

    private Sysctl() {
    }

    /**
     * The value of an {@code int} sysctl.
     *
     * @throws BpfException the errno of {@code sysctlbyname} (ENOENT: no such sysctl), or EINVAL when the value
     *                      is not 4 bytes long
     */
    static int readInt(BsdLibc libc, String name) throws BpfException {
        try (Memory value = new Memory(Integer.BYTES); Memory length = new Memory(Long.BYTES)) {
            length.setLong(0, Integer.BYTES);
            try {
                libc.sysctlbyname(name, value, length, null, 0);
            } catch (LastErrorException e) {
                throw LibcErrors.of("sysctl", name, e);
            }
            long copied = length.getLong(0);
            if (copied != Integer.BYTES) {
                throw new BpfException(Errno.EINVAL, "sysctl " + name + ": expected a 4-byte integer, the kernel gave " + copied + " bytes");
            }
            return value.getInt(0);
        }
    }
}
