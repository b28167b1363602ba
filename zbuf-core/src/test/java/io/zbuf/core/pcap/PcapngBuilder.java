package io.zbuf.core.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes pcapng blocks into memory, in one byte order per section, for tests. Test-only. */
public final class PcapngBuilder {
    private ByteBuffer out = ByteBuffer.allocate(1 << 16);

    /** Starts a section (SHB, version 1.0, unknown section length) in {@code order}. */
    public PcapngBuilder section(ByteOrder order) {
        out.order(order);
        return block(0x0A0D0D0A, body(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L));
    }

    /** An interface description without options. */
    public PcapngBuilder interfaceDescription(int linkType, int snapLength) {
        return block(1, interfaceBody(linkType, snapLength, 0));
    }

    /** An interface description with an {@code if_tsresol} option. */
    public PcapngBuilder interfaceDescription(int linkType, int snapLength, int tsresol) {
        return block(1, interfaceBody(linkType, snapLength, 12)
            .putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3])
            .putShort((short) 0).putShort((short) 0));
    }

    /** An enhanced packet block. */
    public PcapngBuilder enhancedPacket(int interfaceId, long timestamp, byte[] data, int wireLength) {
        ByteBuffer body = body(20 + padded(data.length)).putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp)
            .putInt(data.length).putInt(wireLength).put(data);
        return block(6, body.position(body.capacity()));
    }

    /** A simple packet block. */
    public PcapngBuilder simplePacket(byte[] data, int wireLength) {
        ByteBuffer body = body(4 + padded(data.length)).putInt(wireLength).put(data);
        return block(3, body.position(body.capacity()));
    }

    /** A block of any type with any body (padded to 4 bytes). */
    public PcapngBuilder block(int type, byte[] content) {
        ByteBuffer body = body(padded(content.length)).put(content);
        return block(type, body.position(body.capacity()));
    }

    /** Raw bytes, unframed. */
    public PcapngBuilder raw(byte[] bytes) {
        ensure(bytes.length);
        out.put(bytes);
        return this;
    }

    /** The bytes so far. */
    public byte[] bytes() {
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Writes the bytes so far to {@code file}. */
    public Path writeTo(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    private ByteBuffer interfaceBody(int linkType, int snapLength, int options) {
        return body(8 + options).putShort((short) linkType).putShort((short) 0).putInt(snapLength);
    }

    private ByteBuffer body(int length) {
        return ByteBuffer.allocate(length).order(out.order());
    }

    private PcapngBuilder block(int type, ByteBuffer body) {
        int length = 12 + body.position();
        ensure(length);
        out.putInt(type).putInt(length).put(body.array(), 0, body.position()).putInt(length);
        return this;
    }

    private void ensure(int length) {
        if (out.remaining() < length) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * out.capacity(), out.position() + length)).order(out.order());
            out = larger.put(out.flip());
        }
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
