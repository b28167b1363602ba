package io.zbuf.shm.daemon;

import io.zbuf.core.kernel.SetZbufValidator;
import io.zbuf.shm.MappedBuffers;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Errno;
import io.zbuf.spi.ZbufId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The daemon's mapping of one user's shared file: the regions BIOCSETZBUF names, as buffers the kernel side
 * writes records into. A request is checked before anything is mapped: a length of whole pages and at most
 * BIOCGETZMAX (EINVAL), page-aligned offsets (EINVAL), regions within the file (EFAULT). A pair the kernel side
 * refuses is {@linkplain #release released} at once, so a session maps at most the one pair it was lent.
 * Nothing is read from the file here.
 *
 * <p>A user can still truncate its file later; {@link #intact()} tells whether every mapped region is still
 * backed by the file. {@link #unmap()} releases the mappings at once, for a daemon that outlives many users;
 * it must be called only once the kernel side no longer uses them.
 */
final class SharedMapping implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    /** Each region mapped and where it ends in the file, by identity: buffers of equal bytes are still two. */
    private final Map<ByteBuffer, Long> mapped = new IdentityHashMap<>();

    private SharedMapping(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens {@code file} for mapping, without following a symbolic link.
     *
     * @throws BpfException {@link Errno#ENOENT} if it cannot be opened
     */
    static SharedMapping open(Path file) throws BpfException {
        try {
            return new SharedMapping(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new BpfException(Errno.ENOENT, "open: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file mapped. */
    Path file() {
        return file;
    }

    /**
     * The buffers at {@code offsetA} and {@code offsetB} of the file ({@code -1}: none, a NULL pointer, left to
     * the kernel side to refuse), each {@code length} bytes, checked first and then mapped.
     *
     * @throws BpfException {@link Errno#EINVAL} for a zero length, one not of whole pages or above BIOCGETZMAX,
     *                      an offset not page-aligned; {@link Errno#EFAULT} for a region outside the file
     */
    synchronized BpfZbuf zbuf(long offsetA, long offsetB, long length, int pageSize) throws BpfException {
        if (offsetA == -1 || offsetB == -1) {
            return new BpfZbuf(null, null, length); // refused by the kernel side in FreeBSD's words
        }
        if (length == 0) {
            throw new BpfException(Errno.EINVAL, "BIOCSETZBUF: the buffer length is 0");
        }
        SetZbufValidator.requireLength(length, pageSize);
        long size = size();
        requireInFile(ZbufId.A, offsetA, length, size, pageSize);
        requireInFile(ZbufId.B, offsetB, length, size, pageSize);
        ByteBuffer bufA = map(ZbufId.A, offsetA, length);
        try {
            return new BpfZbuf(bufA, map(ZbufId.B, offsetB, length), length);
        } catch (BpfException e) {
            release(bufA);
            throw e;
        }
    }

    private void requireInFile(ZbufId id, long offset, long length, long size, int pageSize) throws BpfException {
        if ((offset & (pageSize - 1)) != 0) {
            throw new BpfException(Errno.EINVAL, "BIOCSETZBUF: buffer " + id + " at offset " + offset + " is not page-aligned ("
                    + pageSize + " bytes)");
        }
        if (offset < 0 || offset > size - length) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: buffer " + id + " at offset " + offset + ", " + length
                    + " bytes, is outside the " + size + "-byte shared file");
        }
    }

    private long size() throws BpfException {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: cannot size " + file + ": " + e.getMessage(), e);
        }
    }

    private ByteBuffer map(ZbufId id, long offset, long length) throws BpfException {
        try {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, offset, length);
            mapped.put(buffer, offset + length);
            return buffer;
        } catch (IOException e) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: cannot map buffer " + id + " of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Unmaps the buffers of a pair the kernel side refused: it never used them. */
    synchronized void release(BpfZbuf refused) {
        release(refused.bufA());
        release(refused.bufB());
    }

    private void release(ByteBuffer buffer) {
        if (buffer != null && mapped.remove(buffer) != null) {
            MappedBuffers.unmap(buffer);
        }
    }

    /** Whether the file still backs every byte mapped: false once the user truncated it. */
    synchronized boolean intact() {
        try {
            long size = channel.size();
            return mapped.values().stream().allMatch(end -> end <= size);
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmaps every region now and closes the file. Only once the kernel side has let go of the buffers. */
    synchronized void unmap() {
        mapped.keySet().forEach(MappedBuffers::unmap);
        mapped.clear();
        close();
    }

    /** Closes the file; the mappings stay until they are garbage. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            System.getLogger(SharedMapping.class.getName()).log(System.Logger.Level.DEBUG, "closing " + file, e);
        }
    }

}
