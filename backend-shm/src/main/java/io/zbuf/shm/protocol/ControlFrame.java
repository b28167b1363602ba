package io.zbuf.shm.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the control protocol between a user's descriptor and the kernel daemon, and the only class
 * that knows its layout. A frame is reused for every message of a connection, so that talking allocates
 * nothing but the strings it carries.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    frame length, header included               |  0  LENGTH_OFFSET
 *  +-------------------------------+-------------------------------+
 *  |  message type (MessageType)   |  status (0 in requests)       |  4  TYPE_OFFSET, STATUS_OFFSET
 *  +-------------------------------+-------------------------------+
 *  |  payload: the fields MessageType lists, in order ...          |  8  HEADER_LENGTH
 * </pre>
 *
 * Numbers are big-endian: {@code byte} 1 byte, {@code int} 4, {@code long} 8; a {@code string} is a 2-byte
 * length and that many bytes of UTF-8. A response with a status other than {@link Status#OK} carries the error
 * as {@link ErrorCodec} writes it. Nothing received is trusted: every length is checked before use.
 */
public final class ControlFrame {
    /** Offset of the frame length (int). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the message type (unsigned short). */
    public static final int TYPE_OFFSET = 4;
    /** Offset of the status (unsigned short). */
    public static final int STATUS_OFFSET = 6;
    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = 8;
    /** The largest frame either side sends or accepts: room for a filter of 512 instructions and long paths. */
    public static final int MAX_LENGTH = 16 * 1024;
    /** The longest string a frame carries, in bytes of UTF-8. */
    public static final int MAX_STRING_BYTES = 4096;

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_LENGTH);

    /** Starts a new frame of this type and status; fields are then appended with the {@code put} methods. */
    public ControlFrame begin(MessageType type, Status status) {
        buffer.clear();
        buffer.putInt(LENGTH_OFFSET, 0);
        buffer.putShort(TYPE_OFFSET, (short) type.code());
        buffer.putShort(STATUS_OFFSET, (short) status.code());
        buffer.position(HEADER_LENGTH);
        return this;
    }

    public ControlFrame putByte(int value) {
        buffer.put((byte) value);
        return this;
    }

    public ControlFrame putInt(int value) {
        buffer.putInt(value);
        return this;
    }

    public ControlFrame putLong(long value) {
        buffer.putLong(value);
        return this;
    }

    /**
     * Appends a string.
     *
     * @throws IllegalArgumentException if its UTF-8 form is longer than {@link #MAX_STRING_BYTES}
     */
    public ControlFrame putString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a string of " + bytes.length + " bytes does not fit a control message (at most "
                    + MAX_STRING_BYTES + ")");
        }
        buffer.putShort((short) bytes.length).put(bytes);
        return this;
    }

    /** Writes the frame begun with {@link #begin} and filled since to {@code channel}, whole. */
    public void send(WritableByteChannel channel) throws IOException {
        int length = buffer.position();
        buffer.putInt(LENGTH_OFFSET, length).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads the next whole frame from {@code channel}; its fields are then read with the {@code get} methods.
     *
     * @return false if the channel ended cleanly before a new frame
     * @throws EOFException      if it ended inside a frame
     * @throws ProtocolException for a frame length out of bounds, or an unknown type or status
     */
    public boolean receive(ReadableByteChannel channel) throws IOException {
        buffer.clear().limit(HEADER_LENGTH);
        if (!readFully(channel, true)) {
            return false;
        }
        int length = buffer.getInt(LENGTH_OFFSET);
        if (length < HEADER_LENGTH || length > MAX_LENGTH) {
            throw new ProtocolException("frame length " + length + " is outside " + HEADER_LENGTH + ".." + MAX_LENGTH);
        }
        buffer.limit(length);
        readFully(channel, false);
        buffer.position(HEADER_LENGTH);
        type();
        status();
        return true;
    }

    private boolean readFully(ReadableByteChannel channel, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the connection ended inside a control message");
            }
        }
        return true;
    }

    /** The type of the frame received. */
    public MessageType type() throws ProtocolException {
        return MessageType.ofCode(Short.toUnsignedInt(buffer.getShort(TYPE_OFFSET)));
    }

    /** The status of the frame received. */
    public Status status() throws ProtocolException {
        return Status.ofCode(Short.toUnsignedInt(buffer.getShort(STATUS_OFFSET)));
    }

    public int getByte() throws ProtocolException {
        try {
            return buffer.get();
        } catch (BufferUnderflowException e) {
            throw shortPayload();
        }
    }

    public int getInt() throws ProtocolException {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw shortPayload();
        }
    }

    public long getLong() throws ProtocolException {
        try {
            return buffer.getLong();
        } catch (BufferUnderflowException e) {
            throw shortPayload();
        }
    }

    public String getString() throws ProtocolException {
        int length = Short.toUnsignedInt((short) getShort());
        if (length > MAX_STRING_BYTES || length > buffer.remaining()) {
            throw new ProtocolException("a string of " + length + " bytes runs past its message");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int getShort() throws ProtocolException {
        try {
            return buffer.getShort();
        } catch (BufferUnderflowException e) {
            throw shortPayload();
        }
    }

    private ProtocolException shortPayload() {
        return new ProtocolException("a message is shorter than its fields");
    }
}
