package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers as libpcap gets them on FreeBSD: anonymous private mappings, page-aligned and zero-filled by the
 * kernel, seen from Java as direct {@link ByteBuffer}s over the mapped pages. They stay mapped until
 * {@link #release()}, which the device calls when it closes. Thread-safe.
 */
final class MmapBufferMemory implements BufferMemory {
    private static final System.Logger LOG = System.getLogger(MmapBufferMemory.class.getName());

    private final BsdLibc libc;
    private final int pageSize;
    private final List<Mapping> mappings = new ArrayList<>();
    private boolean released;

    MmapBufferMemory(BsdLibc libc, int pageSize) {
        this.libc = libc;
        this.pageSize = pageSize;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public synchronized ByteBuffer allocate(int length) throws BpfException {
        if (released) {
            throw new DeviceClosedException("mmap");
        }
        if (length <= 0 || length % pageSize != 0) {
            throw new BpfException(Errno.EINVAL, "mmap: buffer length " + length + " is not a positive whole number of "
                    + pageSize + "-byte pages");
        }
        Pointer address;
        try {
            address = libc.mmap(null, length, BsdLibc.PROT_READ | BsdLibc.PROT_WRITE, BsdLibc.MAP_ANON | BsdLibc.MAP_PRIVATE, -1, 0);
        } catch (LastErrorException e) {
            throw LibcErrors.of("mmap", length + " bytes", e);
        }
        mappings.add(new Mapping(address, length));
        return address.getByteBuffer(0, length);
    }

    /** Unmaps every buffer; later allocations fail. A buffer used after this faults. */
    synchronized void release() {
        released = true;
        for (Mapping mapping : mappings) {
            try {
                libc.munmap(mapping.address(), mapping.length());
            } catch (LastErrorException e) {
                LOG.log(System.Logger.Level.WARNING, "munmap of a " + mapping.length() + "-byte buffer failed", e);
            }
        }
        mappings.clear();
    }

    /** One mapped buffer. */
    private record Mapping(Pointer address, long length) {
    }
}
