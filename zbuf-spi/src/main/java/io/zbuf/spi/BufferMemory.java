package io.zbuf.spi;

import java.nio.ByteBuffer;

/**
 * Where the two zero-copy buffers come from: anonymous mmap (FreeBSD), regions of a shared file (shm),
 * page-aligned direct memory (sim). Whatever the source, a buffer is a direct, zeroed, page-aligned
 * {@link ByteBuffer}, so the user side is the same code for every backend.
 *
 * <p>The memory stays valid until {@link Device#close()} of the device that gave it out returns, and not a moment
 * longer on FreeBSD, where close unmaps it: a buffer read after that faults. Whoever closes must first make sure
 * no thread still reads the buffers ({@code ZbufCapture.close()} waits for its reader).
 */
public interface BufferMemory {
    /** The page size the kernel maps buffers with. */
    int pageSize();

    /**
     * Allocates one buffer.
     *
     * @param length bytes, a positive whole number of pages
     * @throws BpfException {@link Errno#EINVAL} for a length that is not a positive whole number of pages,
     *                      {@link Errno#ENOMEM} when the memory cannot be had
     */
    ByteBuffer allocate(int length) throws BpfException;
}
