package io.zbuf.examples.jmh;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.kernel.PageSet;
import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.LinkType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;
import static io.zbuf.examples.jmh.BenchmarkBuffers.BUFFER_LENGTH;
import static io.zbuf.examples.jmh.BenchmarkBuffers.PAGE_SIZE;
import static io.zbuf.examples.jmh.BenchmarkBuffers.packet;
import static io.zbuf.examples.jmh.BenchmarkBuffers.packetBytes;
import static io.zbuf.examples.jmh.BenchmarkBuffers.pageAligned;

/**
 * What the kernel side's scatter-gather copy costs against a plain contiguous bulk copy of the same bytes to the
 * same offsets: {@link PageSet#copyIn(int, Packet, int)} ({@code bpf_zerocopy_append_mbuf}) splits every copy at
 * 4 KiB page boundaries and at fragment boundaries, where {@link #contiguousCopy()} is one
 * {@link ByteBuffer#put(int, ByteBuffer, int, int)}.
 *
 * <p>Each copy goes where the packet bytes of the next record go as a store buffer of an Ethernet capture fills:
 * after a 26-byte record header, in records that are 8-aligned, wrapping at the end of the 512 KiB buffer. So
 * copies are as misaligned and cross page boundaries as often as in a capture (a 9000-byte copy always, a
 * 64-byte one rarely). The source is one direct buffer, as one fragment or as four, the mbuf chain's analogue.
 * Reports time per copy.
 */
public class ScatterGatherBenchmark extends BenchmarkDefaults {
    private static final int FRAGMENTS = 4;
    private static final int HDRLEN = BpfRecordHeader.headerLength(LinkType.EN10MB);
    private static final int RECORD_SPACE = BUFFER_LENGTH - ZbufHeader.LENGTH;

    /** Bytes per copy: a small frame, a full Ethernet MTU, a jumbo frame. */
    @Param({"64", "1500", "9000"})
    public int size;

    private final PageSet pages = new PageSet(pageAligned(BUFFER_LENGTH), BUFFER_LENGTH, PAGE_SIZE);
    private final ByteBuffer contiguous = pageAligned(BUFFER_LENGTH);
    private ByteBuffer source;
    private Packet oneFragment;
    private Packet fourFragments;
    private int step;
    private int recordStart;

    @Setup
    public void setUp() {
        source = packetBytes(size);
        oneFragment = packet(source, 1);
        fourFragments = packet(source, FRAGMENTS);
        step = BpfAlignment.wordAlign(HDRLEN + size);
    }

    /** Scatter-gather from a packet of one fragment: splits at page boundaries only. */
    @Benchmark
    public void pageSetOneFragment() {
        pages.copyIn(nextOffset(), oneFragment, size);
    }

    /** Scatter-gather from a packet of four fragments: splits at page and at fragment boundaries. */
    @Benchmark
    public void pageSetFourFragments() {
        pages.copyIn(nextOffset(), fourFragments, size);
    }

    /** The baseline: one bulk copy into a contiguous direct buffer. */
    @Benchmark
    public void contiguousCopy() {
        contiguous.put(nextOffset(), source, 0, size);
    }

    /** Where the packet bytes of the next record go: the offset from byte 0 of the buffer that PageSet takes. */
    private int nextOffset() {
        int start = recordStart + HDRLEN + size <= RECORD_SPACE ? recordStart : 0;
        recordStart = start + step;
        return ZbufHeader.LENGTH + start + HDRLEN;
    }
}
