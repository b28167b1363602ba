package io.zbuf.examples.jmh;

import io.zbuf.core.kernel.Packet;

import java.nio.ByteBuffer;

/** The memory the benchmarks copy from and into: 512 KiB lent buffers of 4 KiB pages, and packets. */
final class BenchmarkBuffers {
    /** The page size FreeBSD maps lent buffers with on amd64. */
    static final int PAGE_SIZE = 4096;
    /** Bytes in a lent buffer, its 32-byte header included. */
    static final int BUFFER_LENGTH = 512 * 1024;

    private BenchmarkBuffers() {
    }

    /** A direct buffer of {@code length} bytes whose index 0 starts a 4 KiB page. */
    static ByteBuffer pageAligned(int length) {
        return pageAligned(length, PAGE_SIZE);
    }

    /** A direct buffer of {@code length} bytes whose index 0 starts a page of {@code pageSize} bytes. */
    static ByteBuffer pageAligned(int length, int pageSize) {
        return ByteBuffer.allocateDirect(length + pageSize).alignedSlice(pageSize).slice(0, length);
    }

    /** A direct buffer of {@code size} packet bytes, counting up from 0. */
    static ByteBuffer packetBytes(int size) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            bytes.put(i, (byte) i);
        }
        return bytes;
    }

    /** A packet of {@code bytes} split into {@code fragments} slices of equal size, the last taking the rest. */
    static Packet packet(ByteBuffer bytes, int fragments) {
        Packet packet = new Packet(fragments);
        int size = bytes.capacity() / fragments;
        for (int i = 0, offset = 0; i < fragments; i++, offset += size) {
            packet.append(bytes.slice(offset, i == fragments - 1 ? bytes.capacity() - offset : size));
        }
        return packet;
    }
}
