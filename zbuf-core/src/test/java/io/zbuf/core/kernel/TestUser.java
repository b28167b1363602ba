package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.util.List;

/** A test-only user side: strict A/B alternation, A first; reads a handed-over buffer whole, then acknowledges it. */
final class TestUser {
    private final ByteBuffer[] buffers;
    private ZbufId expected = ZbufId.A;

    TestUser(ByteBuffer bufferA, ByteBuffer bufferB) {
        buffers = new ByteBuffer[] {ZbufBuffers.view(bufferA, bufferA.capacity()), ZbufBuffers.view(bufferB, bufferB.capacity())};
    }

    /** The header view of a buffer. */
    ByteBuffer header(ZbufId id) {
        return buffers[id.ordinal()];
    }

    /** The buffer the user expects next. */
    ZbufId expected() {
        return expected;
    }

    /** Whether the user owns buffer {@code id}: kernel_gen differs from user_gen. */
    boolean owns(ZbufId id) {
        ByteBuffer header = header(id);
        return ZbufHeader.acquireKernelGen(header) != ZbufHeader.userGen(header);
    }

    /** Whether the next expected buffer has been handed over. */
    boolean ready() {
        return owns(expected);
    }

    /** Reads the next buffer without acknowledging it; null if it is not the user's. */
    List<RecordWalker.Record> peek() {
        return ready() ? RecordWalker.walk(header(expected)) : null;
    }

    /** Acknowledges the expected buffer and moves on to the other one. */
    void acknowledge() {
        ByteBuffer header = header(expected);
        ZbufHeader.releaseUserGen(header, ZbufHeader.acquireKernelGen(header));
        expected = expected.other();
    }

    /** Reads and acknowledges the next buffer; null if it is not the user's. */
    List<RecordWalker.Record> take() {
        List<RecordWalker.Record> records = peek();
        if (records != null) {
            acknowledge();
        }
        return records;
    }
}
