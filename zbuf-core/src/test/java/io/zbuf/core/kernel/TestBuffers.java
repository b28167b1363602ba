package io.zbuf.core.kernel;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Page-aligned direct buffers for tests, pre-filled with garbage so that unwritten bytes show. */
final class TestBuffers {
    static final byte GARBAGE = (byte) 0xAA;

    private TestBuffers() {
    }

    /** A direct buffer of {@code length} bytes whose index 0 is {@code pageSize}-aligned, filled with 0xAA. */
    static ByteBuffer aligned(int length, int pageSize) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length + pageSize).alignedSlice(pageSize).slice(0, length);
        byte[] garbage = new byte[length];
        Arrays.fill(garbage, GARBAGE);
        buffer.put(0, garbage);
        return buffer;
    }

    /** {@code length} bytes of {@code buffer} from {@code offset}. */
    static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    /** {@code length} bytes counting up from {@code first}. */
    static byte[] sequence(int length, int first) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    /** A packet holding {@code data} split into fragments of the given sizes (the last takes the rest). */
    static Packet packet(byte[] data, int... fragmentSizes) {
        Packet packet = new Packet(fragmentSizes.length + 1);
        int offset = 0;
        for (int size : fragmentSizes) {
            packet.append(ByteBuffer.wrap(data, offset, size));
            offset += size;
        }
        packet.append(ByteBuffer.wrap(data, offset, data.length - offset));
        return packet;
    }
}
