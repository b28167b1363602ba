package io.zbuf.core.layout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Views of a lent buffer that both sides use: the whole buffer from byte 0, in native byte order. */
public final class ZbufBuffers {
    private ZbufBuffers() {
    }

    /**
     * A view of {@code buffer}'s first {@code length} bytes, independent of its position, limit and byte order.
     * The view shares the memory: nothing is copied.
     */
    public static ByteBuffer view(ByteBuffer buffer, int length) {
        return buffer.duplicate().clear().limit(length).slice().order(ByteOrder.nativeOrder());
    }
}
