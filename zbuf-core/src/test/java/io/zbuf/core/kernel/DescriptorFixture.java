package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.LinkType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A descriptor with its clock, two lent buffers and a test user, for the descriptor tests. */
final class DescriptorFixture {
    static final long BOOT = 1_700_000_000_000_000_000L;

    final int pageSize;
    final int length;
    final ManualKernelClock clock = new ManualKernelClock(BOOT);
    final BpfDescriptor descriptor;
    final ByteBuffer a;
    final ByteBuffer b;
    final TestUser user;
    private int sequence;

    DescriptorFixture(int pageSize, int pages) {
        this.pageSize = pageSize;
        this.length = pages * pageSize;
        descriptor = new BpfDescriptor(clock, pageSize);
        a = TestBuffers.aligned(length, pageSize);
        b = TestBuffers.aligned(length, pageSize);
        user = new TestUser(a, b);
    }

    /** BIOCSETBUFMODE ZBUF and BIOCSETZBUF. */
    DescriptorFixture lend() throws BpfException {
        descriptor.setBufferMode(BufferMode.ZBUF);
        descriptor.setZbuf(new BpfZbuf(a, b, length));
        return this;
    }

    /** {@link #lend()}, then BIOCSETIF. */
    DescriptorFixture attached(LinkType linkType) throws BpfException {
        lend();
        descriptor.attach(linkType);
        return this;
    }

    /** Record space per buffer. */
    int bufferSize() {
        return length - 32;
    }

    /** A packet of {@code size} bytes (at least 4) whose first 4 bytes are the next sequence number. */
    Packet nextPacket(int size) {
        byte[] data = TestBuffers.sequence(size, sequence);
        ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN).putInt(0, sequence++);
        return TestBuffers.packet(data);
    }

    /** Taps the next packet of {@code size} bytes. */
    boolean tap(int size) {
        return descriptor.tap(nextPacket(size));
    }

    /** The sequence number of a record made by {@link #nextPacket}. */
    static int sequenceOf(RecordWalker.Record record) {
        return ByteBuffer.wrap(record.data()).order(ByteOrder.BIG_ENDIAN).getInt(0);
    }
}
