package io.zbuf.jcstress;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.user.BpfRecord;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.RecordHandler;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampType;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The real two sides on two small lent buffers: a {@link BpfDescriptor} in zero-copy mode, attached to an Ethernet
 * interface, and the {@link ZbufConsumer} reading the same buffers. Each buffer has two 64-byte pages and room for
 * exactly one record of a {@link #PACKET_LENGTH}-byte packet.
 */
final class LentBuffers implements RecordHandler {
    static final int PAGE = 64;
    static final int BUFFER_LENGTH = 2 * PAGE;
    static final int PACKET_LENGTH = 60;

    final BpfDescriptor descriptor = new BpfDescriptor(SystemKernelClock.INSTANCE, PAGE);
    final ZbufConsumer consumer;
    private int records;
    private int caplen;
    private int firstByte;
    private int lastByte;

    LentBuffers() {
        BpfZbuf zbuf = new BpfZbuf(aligned(), aligned(), BUFFER_LENGTH);
        try {
            descriptor.setBufferMode(BufferMode.ZBUF);
            descriptor.setZbuf(zbuf);
            descriptor.attach(LinkType.EN10MB);
        } catch (BpfException e) {
            throw new IllegalStateException(e);
        }
        consumer = new ZbufConsumer(zbuf, TimestampType.DEFAULT.format());
    }

    /** A {@link #PACKET_LENGTH}-byte packet, every byte {@code fill}. */
    static Packet packet(int fill) {
        byte[] bytes = new byte[PACKET_LENGTH];
        Arrays.fill(bytes, (byte) fill);
        return new Packet(1).append(ByteBuffer.wrap(bytes));
    }

    /** BIOCROTZBUF, on the kernel's thread. */
    void rotate() {
        try {
            descriptor.rotateZbuf();
        } catch (BpfException e) {
            throw new IllegalStateException(e);
        }
    }

    /** BIOCGSTATS' drop count, on the kernel's thread. */
    long dropped() {
        try {
            return descriptor.stats().dropped();
        } catch (BpfException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The user's side: if the kernel handed the expected buffer over, walks its records and remembers what the
     * last one held.
     *
     * @return whether a buffer was handed over
     */
    boolean walkIfHandedOver() {
        HeldBuffer held = consumer.poll();
        if (held == null) {
            return false;
        }
        records = held.forEach(this);
        return true;
    }

    /** The user's side: hands the buffer it holds back. */
    void acknowledge() {
        consumer.poll().acknowledge();
    }

    @Override
    public void onRecord(BpfRecord record) {
        caplen = record.caplen();
        firstByte = record.unsignedByteAt(0);
        lastByte = record.unsignedByteAt(caplen - 1);
    }

    int records() {
        return records;
    }

    int caplen() {
        return caplen;
    }

    int firstByte() {
        return firstByte;
    }

    int lastByte() {
        return lastByte;
    }

    private static ByteBuffer aligned() {
        return ByteBuffer.allocateDirect(BUFFER_LENGTH + PAGE).alignedSlice(PAGE).slice(0, BUFFER_LENGTH);
    }
}
