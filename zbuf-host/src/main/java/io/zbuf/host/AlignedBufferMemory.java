package io.zbuf.host;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.Errno;

import java.nio.ByteBuffer;

/** Page-aligned, zeroed direct memory: what an anonymous mmap gives a FreeBSD process. */
public final class AlignedBufferMemory implements BufferMemory {
    private final int pageSize;

    /** Memory in pages of {@code pageSize} bytes, a power of two. */
    public AlignedBufferMemory(int pageSize) {
        if (pageSize <= 0 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two: " + pageSize);
        }
        this.pageSize = pageSize;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public ByteBuffer allocate(int length) throws BpfException {
        if (length <= 0 || length % pageSize != 0) {
            throw new BpfException(Errno.EINVAL, "buffer length " + length + " is not a positive whole number of " + pageSize + "-byte pages");
        }
        try {
            return ByteBuffer.allocateDirect(length + pageSize).alignedSlice(pageSize).limit(length).slice();
        } catch (OutOfMemoryError e) {
            throw new BpfException(Errno.ENOMEM, "cannot allocate a " + length + "-byte buffer", e);
        }
    }
}
