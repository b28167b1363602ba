package io.zbuf.core.pcap;

import io.zbuf.core.kernel.Packet;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * A sliding window over a blocking channel that keeps the next header or record contiguous in one reusable
 * direct buffer, grown only when a larger record appears, and only as its bytes arrive: the window at most
 * doubles past what the input holds, so a header that claims a large length costs no more memory than the
 * bytes that follow it. Indexes are relative to the current read position,
 * whose offset in the file is {@link #offset()}. Packets handed out are read-only views of the window, valid
 * until the window moves on.
 */
final class InputWindow implements Closeable {
    static final int INITIAL_CAPACITY = 64 * 1024;

    private final ReadableByteChannel channel;
    private final String source;
    private ByteBuffer buffer;
    private ByteBuffer view;
    private long offset;

    InputWindow(ReadableByteChannel channel, String source) {
        this.channel = channel;
        this.source = source;
        this.buffer = ByteBuffer.allocateDirect(INITIAL_CAPACITY).limit(0);
        this.view = buffer.asReadOnlyBuffer();
    }

    /** Makes {@code length} bytes readable from the current position; false if the input ends first. */
    boolean request(int length) throws IOException {
        if (buffer.remaining() >= length) {
            return true;
        }
        buffer.compact();
        try {
            while (buffer.position() < length) {
                if (!buffer.hasRemaining()) {
                    grow(length);
                }
                if (channel.read(buffer) == -1) {
                    break;
                }
            }
        } finally {
            buffer.flip();
        }
        return buffer.remaining() >= length;
    }

    /** Like {@link #request} but a short input is a format error: a truncated {@code what}. */
    void require(int length, String what) throws IOException {
        if (!request(length)) {
            throw error("truncated " + what, length + " bytes needed, " + remaining() + " remain");
        }
    }

    /** A format error at the current position. */
    PcapFormatException error(String problem, String detail) {
        return new PcapFormatException(source, offset, problem, detail);
    }

    /** Bytes readable without touching the channel. */
    int remaining() {
        return buffer.remaining();
    }

    /** Sets the byte order of the multi-byte reads. */
    void order(ByteOrder order) {
        buffer.order(order);
    }

    int getInt(int index) {
        return buffer.getInt(buffer.position() + index);
    }

    long getUnsignedInt(int index) {
        return Integer.toUnsignedLong(getInt(index));
    }

    int getUnsignedShort(int index) {
        return Short.toUnsignedInt(buffer.getShort(buffer.position() + index));
    }

    int getUnsignedByte(int index) {
        return Byte.toUnsignedInt(buffer.get(buffer.position() + index));
    }

    /** Moves the current position {@code length} bytes on; the bytes must be readable. */
    void skip(int length) {
        buffer.position(buffer.position() + length);
        offset += length;
    }

    /**
     * Fills {@code packet} with {@code capturedLength} bytes at {@code index} (a view, not a copy) and the
     * wire length, raised to the captured length when a writer recorded less (libpcap accepts such records).
     *
     * @throws PcapFormatException for lengths no packet can have
     */
    void fill(Packet packet, int index, long capturedLength, long wireLength) throws PcapFormatException {
        if (capturedLength > PcapReader.MAXIMUM_SNAP_LENGTH) {
            throw error("oversized packet", "captured length " + capturedLength + " exceeds the limit of "
                + PcapReader.MAXIMUM_SNAP_LENGTH + " bytes");
        }
        if (wireLength > Integer.MAX_VALUE) {
            throw error("impossible packet", "wire length " + wireLength + " is not a packet length");
        }
        int start = buffer.position() + index;
        view.clear().limit(start + (int) capturedLength).position(start);
        packet.reset().append(view).wireLength((int) Math.max(wireLength, capturedLength));
    }

    /** Doubles the full window, in write mode, up to {@code length}: memory follows the bytes read, not a claim. */
    private void grow(int length) {
        ByteBuffer larger = ByteBuffer.allocateDirect((int) Math.min(length, 2L * buffer.capacity())).order(buffer.order());
        larger.put(buffer.flip());
        buffer = larger;
        view = larger.asReadOnlyBuffer();
    }

    /** Whether the channel is still open. */
    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
