package io.zbuf.shm.daemon;

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
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's mapping of one user's shared file: the regions BIOCSETZBUF names, as buffers the kernel side
 * writes records into. A region is mapped only as far as the file reaches, so a request beyond it leaves the
 * kernel side a buffer shorter than the length, which it refuses with EFAULT as for memory that cannot be
 * wired. Nothing is read from the file here.
 *
 * <p>A user can still truncate its file later; {@link #intact()} tells whether every mapped region is still
 * backed by the file. {@link #unmap()} releases the mappings at once, for a daemon that outlives many users;
 * it must be called only once the kernel side no longer uses them.
 */
final class SharedMapping implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final List<MappedByteBuffer> mapped = new ArrayList<>();
    private long extent;

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
     * The buffers at {@code offsetA} and {@code offsetB} of the file ({@code -1}: none, a NULL pointer), each
     * mapped for {@code length} bytes or up to the end of the file, whichever comes first.
     *
     * @throws BpfException {@link Errno#EFAULT} for an offset outside the file
     */
    synchronized BpfZbuf zbuf(long offsetA, long offsetB, long length) throws BpfException {
        return new BpfZbuf(region(ZbufId.A, offsetA, length), region(ZbufId.B, offsetB, length), length);
    }

    private ByteBuffer region(ZbufId id, long offset, long length) throws BpfException {
        if (offset == -1) {
            return null;
        }
        try {
            long size = channel.size();
            if (offset < 0 || offset >= size) {
                throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: buffer " + id + " at offset " + offset + " is outside the "
                        + size + "-byte shared file");
            }
            long available = Math.min(Math.max(length, 0), Math.min(size - offset, Integer.MAX_VALUE));
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, offset, available);
            mapped.add(buffer);
            extent = Math.max(extent, offset + available);
            return buffer;
        } catch (IOException e) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: cannot map buffer " + id + " of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file still backs every byte mapped: false once the user truncated it. */
    synchronized boolean intact() {
        try {
            return channel.size() >= extent;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmaps every region now and closes the file. Only once the kernel side has let go of the buffers. */
    synchronized void unmap() {
        mapped.forEach(MappedBuffers::unmap);
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
