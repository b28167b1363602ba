package io.zbuf.shm;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.Errno;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A descriptor's buffers as regions of its own shared file: each {@link #allocate} appends whole pages to the
 * file, writes them (so that a full {@code /dev/shm} fails here, not later with a bus error) and maps them.
 * The kernel daemon maps the same regions, found by their {@link #offsetOf offsets} in the file.
 *
 * <p>The mappings are never unmapped by hand: a buffer handed over stays readable for as long as the user
 * holds it, even after the daemon is gone or the file removed. {@link #release()} removes the file.
 */
public final class ShmBufferMemory implements BufferMemory {
    private static final int ZERO_CHUNK = 64 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final int pageSize;
    private final List<Region> regions = new ArrayList<>();
    private long end;

    /** Memory in {@code file}, open as {@code channel}, handed out in pages of {@code pageSize} bytes. */
    public ShmBufferMemory(Path file, FileChannel channel, int pageSize) {
        if (pageSize <= 0 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two: " + pageSize);
        }
        this.file = file;
        this.channel = channel;
        this.pageSize = pageSize;
    }

    /** The shared file. */
    public Path file() {
        return file;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public synchronized ByteBuffer allocate(int length) throws BpfException {
        if (length <= 0 || length % pageSize != 0) {
            throw new BpfException(Errno.EINVAL, "buffer length " + length + " is not a positive whole number of " + pageSize + "-byte pages");
        }
        long offset = end;
        try {
            zeroFill(offset, length);
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, offset, length);
            end = offset + length;
            regions.add(new Region(MappedBuffers.address(buffer), offset, length));
            return buffer;
        } catch (IOException e) {
            throw new BpfException(Errno.ENOMEM, "cannot allocate a " + length + "-byte buffer in " + file + ": " + e.getMessage(), e);
        }
    }

    private void zeroFill(long offset, int length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(Math.min(length, ZERO_CHUNK));
        for (long at = offset, stop = offset + length; at < stop; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), stop - at));
            at += channel.write(zeros, at);
        }
    }

    /**
     * Where in the file a buffer starts: one this memory gave out, or a view of one (a slice, a duplicate); -1
     * for any other buffer, or {@code null}.
     */
    public synchronized long offsetOf(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect()) {
            return -1;
        }
        long address = MappedBuffers.address(buffer);
        for (Region region : regions) {
            long into = address - region.address();
            if (into >= 0 && into < region.length()) {
                return region.offset() + into;
            }
        }
        return -1;
    }

    /** Closes and removes the file. The buffers stay mapped until they are garbage. */
    public void release() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger(ShmBufferMemory.class.getName()).log(System.Logger.Level.WARNING, "cannot remove " + file, e);
        }
    }

    /** A buffer given out: where it is mapped, where it is in the file, how long it is. */
    private record Region(long address, long offset, int length) {
    }
}
