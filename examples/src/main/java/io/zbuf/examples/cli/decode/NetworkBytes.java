package io.zbuf.examples.cli.decode;

import java.nio.ByteBuffer;

/** Big-endian (network order) reads at absolute indexes, whatever the buffer's own byte order. */
final class NetworkBytes {
    private NetworkBytes() {
    }

    /** The unsigned byte at {@code index}. */
    static int u8(ByteBuffer buffer, int index) {
        return Byte.toUnsignedInt(buffer.get(index));
    }

    /** The unsigned 16-bit big-endian value at {@code index}. */
    static int u16(ByteBuffer buffer, int index) {
        return u8(buffer, index) << 8 | u8(buffer, index + 1);
    }

    /** The unsigned 32-bit big-endian value at {@code index}. */
    static long u32(ByteBuffer buffer, int index) {
        return (long) u16(buffer, index) << 16 | u16(buffer, index + 2);
    }
}
