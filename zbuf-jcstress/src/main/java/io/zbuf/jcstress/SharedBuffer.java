package io.zbuf.jcstress;

import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;

import java.nio.ByteBuffer;

/**
 * One lent buffer reduced to what the header tests touch: the 32-byte header and the first word of the first
 * record, in native byte order like every access of both sides.
 */
final class SharedBuffer {
    /** Offset of the first record word: right after the header. */
    static final int RECORD = ZbufHeader.LENGTH;
    /** The record word before the kernel writes (the buffer starts zeroed). */
    static final int OLD_RECORD = 0;
    /** The record word the kernel writes. */
    static final int NEW_RECORD = 42;
    /** The {@code kernel_len} the kernel publishes: one 8-byte record. */
    static final int LENGTH = 8;

    private SharedBuffer() {
    }

    /** A zeroed direct buffer of a header and one record, as a view in native order. */
    static ByteBuffer allocate() {
        int length = ZbufHeader.LENGTH + LENGTH;
        return ZbufBuffers.view(ByteBuffer.allocateDirect(length), length);
    }

    /** A buffer the kernel has handed over: {@link #NEW_RECORD} written, {@code kernel_len} set, {@code kernel_gen} 1. */
    static ByteBuffer handedOver() {
        ByteBuffer buffer = allocate();
        buffer.putInt(RECORD, NEW_RECORD);
        ZbufHeader.kernelLen(buffer, LENGTH);
        ZbufHeader.releaseKernelGen(buffer, 1);
        return buffer;
    }
}
