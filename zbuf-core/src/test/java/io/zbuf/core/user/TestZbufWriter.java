package io.zbuf.core.user;

import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;

/**
 * Test-only stand-in for the kernel side: frames records into two direct buffers and hands them over by
 * bumping {@code kernel_gen}, so the user side can be tested without the real kernel-side state machine.
 */
final class TestZbufWriter {
    static final int ETHERNET_HDRLEN = 26;

    final BpfZbuf zbuf;
    private final ByteBuffer[] views = new ByteBuffer[2];
    private final int[] storeLength = new int[2];

    TestZbufWriter(int bufLen) {
        ByteBuffer a = ByteBuffer.allocateDirect(bufLen);
        ByteBuffer b = ByteBuffer.allocateDirect(bufLen);
        zbuf = new BpfZbuf(a, b, bufLen);
        views[0] = ZbufBuffers.view(a, bufLen);
        views[1] = ZbufBuffers.view(b, bufLen);
    }

    ByteBuffer view(ZbufId id) {
        return views[id.ordinal()];
    }

    int recordSpace() {
        return (int) zbuf.bufLen() - ZbufHeader.LENGTH;
    }

    /** Appends an Ethernet-framed record whose wire length is its captured length; returns its offset. */
    int record(ZbufId id, byte[] packet) {
        return record(id, ETHERNET_HDRLEN, packet, packet.length, 0, 0);
    }

    /** Appends a record as {@code catchpacket} does: at the next 8-aligned offset; returns its offset. */
    int record(ZbufId id, int hdrlen, byte[] packet, long datalen, long seconds, long fraction) {
        ByteBuffer view = view(id);
        int offset = ZbufHeader.LENGTH + BpfAlignment.wordAlign(storeLength[id.ordinal()]);
        BpfRecordHeader.write(view, offset, seconds, fraction, packet.length, (int) datalen, hdrlen);
        view.put(offset + hdrlen, packet);
        storeLength[id.ordinal()] = offset + hdrlen + packet.length - ZbufHeader.LENGTH;
        return offset;
    }

    /** Bytes of records appended since the last hand-over. */
    int handOverLengthSoFar(ZbufId id) {
        return storeLength[id.ordinal()];
    }

    /** Hands the buffer over with the length of the records appended since the last hand-over. */
    int handOver(ZbufId id) {
        int length = storeLength[id.ordinal()];
        handOver(id, length);
        storeLength[id.ordinal()] = 0;
        return length;
    }

    /** Hands the buffer over claiming {@code kernelLen} bytes of records, true or not. */
    void handOver(ZbufId id, int kernelLen) {
        ByteBuffer view = view(id);
        ZbufHeader.kernelLen(view, kernelLen);
        ZbufHeader.releaseKernelGen(view, ZbufHeader.kernelGen(view) + 1);
    }

    void generations(ZbufId id, int kernelGen, int userGen) {
        ZbufHeader.releaseKernelGen(view(id), kernelGen);
        ZbufHeader.releaseUserGen(view(id), userGen);
    }

    int kernelGen(ZbufId id) {
        return ZbufHeader.kernelGen(view(id));
    }

    int userGen(ZbufId id) {
        return ZbufHeader.acquireUserGen(view(id));
    }

    boolean kernelOwns(ZbufId id) {
        return kernelGen(id) == userGen(id);
    }

    void putInt(ZbufId id, int offset, int value) {
        view(id).putInt(offset, value);
    }

    void putShort(ZbufId id, int offset, int value) {
        view(id).putShort(offset, (short) value);
    }

    static byte[] packet(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return bytes;
    }
}
