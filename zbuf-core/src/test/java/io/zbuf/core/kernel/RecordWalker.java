package io.zbuf.core.kernel;

import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufBuffers;
import io.zbuf.core.layout.ZbufHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, test-only reader of the records in a handed-over buffer. It trusts nothing: a record that breaks
 * the rules fails the test with an {@link AssertionError}.
 */
final class RecordWalker {
    /** One record, copied out. */
    record Record(int offset, long seconds, long fraction, int caplen, int datalen, int hdrlen, byte[] data) {
    }

    private RecordWalker() {
    }

    /** The records of {@code buffer} up to {@code kernel_len}, reading the header after an acquire of kernel_gen. */
    static List<Record> walk(ByteBuffer buffer) {
        ByteBuffer view = ZbufBuffers.view(buffer, buffer.capacity());
        ZbufHeader.acquireKernelGen(view);
        return walk(view, ZbufHeader.kernelLen(view));
    }

    /** The records in the {@code length} bytes after the header. */
    static List<Record> walk(ByteBuffer buffer, int length) {
        ByteBuffer view = ZbufBuffers.view(buffer, buffer.capacity());
        int end = ZbufHeader.LENGTH + length;
        if (length < 0 || end > view.capacity()) {
            throw new AssertionError("kernel_len " + length + " does not fit the buffer");
        }
        List<Record> records = new ArrayList<>();
        int offset = ZbufHeader.LENGTH;
        while (offset < end) {
            int caplen = (int) BpfRecordHeader.caplen(view, offset);
            int hdrlen = BpfRecordHeader.hdrlen(view, offset);
            if (hdrlen < BpfRecordHeader.SIZEOF_BPF_HDR || offset + hdrlen + caplen > end || caplen < 0) {
                throw new AssertionError("corrupt record at " + offset + ": hdrlen " + hdrlen + ", caplen " + caplen + ", end " + end);
            }
            records.add(new Record(offset, BpfRecordHeader.seconds(view, offset), BpfRecordHeader.fraction(view, offset), caplen,
                (int) BpfRecordHeader.datalen(view, offset), hdrlen, TestBuffers.bytes(view, offset + hdrlen, caplen)));
            offset += BpfAlignment.wordAlign(hdrlen + caplen);
        }
        return records;
    }
}
