package io.zbuf.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A lent buffer as the kernel sees it: a run of pages, each its own view, not one contiguous range (FreeBSD
 * maps the user's pages one {@code sf_buf} at a time). Every copy into it is therefore scatter-gather: split
 * at page boundaries, and, for a packet, at fragment boundaries too ({@code bpf_zerocopy_append_mbuf},
 * {@code bpf_zerocopy_append_bytes}).
 *
 * <p>Offsets count from byte 0 of the buffer, its {@link io.zbuf.core.layout.ZbufHeader} included. No copy
 * allocates. Not thread-safe.
 */
public final class PageSet {
    private final ByteBuffer[] pages;
    private final int pageSize;
    private final int pageShift;
    private final int length;

    /**
     * The first {@code length} bytes of {@code buffer} (from index 0, whatever its position) as pages of
     * {@code pageSize} bytes.
     *
     * @throws IllegalArgumentException if the page size is not a power of two or the length not a positive
     *                                  whole number of pages within the buffer's capacity
     */
    public PageSet(ByteBuffer buffer, int length, int pageSize) {
        if (pageSize <= 0 || (pageSize & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two");
        }
        if (length <= 0 || length % pageSize != 0 || length > buffer.capacity()) {
            throw new IllegalArgumentException(
                "length " + length + " is not a positive whole number of " + pageSize + "-byte pages within capacity " + buffer.capacity());
        }
        this.pageSize = pageSize;
        this.pageShift = Integer.numberOfTrailingZeros(pageSize);
        this.length = length;
        this.pages = new ByteBuffer[length >> pageShift];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = buffer.slice(i << pageShift, pageSize).order(ByteOrder.nativeOrder());
        }
    }

    /** Bytes in the set: a whole number of pages. */
    public int length() {
        return length;
    }

    /** Number of pages. */
    public int pageCount() {
        return pages.length;
    }

    /**
     * Copies the first {@code length} bytes of a packet's fragment chain to {@code offset}: each step copies as
     * much as both the current fragment and the current page allow ({@code bpf_zerocopy_append_mbuf}).
     *
     * @throws IndexOutOfBoundsException if the range does not lie within the set
     * @throws IllegalArgumentException  if the packet holds fewer than {@code length} bytes
     */
    public void copyIn(int offset, Packet packet, int length) {
        Objects.checkFromIndexSize(offset, length, this.length);
        if (length > packet.length()) {
            throw new IllegalArgumentException("cannot copy " + length + " bytes of a packet holding " + packet.length());
        }
        if (packet.fragmentCount() == 1) {
            ByteBuffer fragment = packet.fragment(0);
            scatter(offset, fragment, fragment.position(), length);
            return;
        }
        int at = offset;
        int remaining = length;
        for (int i = 0; remaining > 0; i++) {
            ByteBuffer fragment = packet.fragment(i);
            int from = fragment.position();
            int count = Math.min(fragment.limit() - from, remaining);
            scatter(at, fragment, from, count);
            at += count;
            remaining -= count;
        }
    }

    /**
     * Copies {@code length} bytes of {@code source}, from its index {@code sourceOffset}, to {@code offset}, one
     * page at a time ({@code bpf_zerocopy_append_bytes}).
     *
     * @throws IndexOutOfBoundsException if either range lies outside its buffer
     */
    public void copyIn(int offset, ByteBuffer source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(offset, length, this.length);
        Objects.checkFromIndexSize(sourceOffset, length, source.limit());
        scatter(offset, source, sourceOffset, length);
    }

    /**
     * Copies {@code length} bytes of {@code source} from {@code from} to {@code offset}, split at page boundaries:
     * one bulk copy for a range within a page, as nearly every packet's, one per page touched otherwise.
     */
    private void scatter(int offset, ByteBuffer source, int from, int length) {
        int page = offset >>> pageShift;
        int pageOffset = offsetInPage(offset);
        if (length <= pageSize - pageOffset) {
            if (length > 0) {
                pages[page].put(pageOffset, source, from, length);
            }
            return;
        }
        int at = from;
        int remaining = length;
        while (remaining > 0) {
            int count = Math.min(remaining, pageSize - pageOffset);
            pages[page++].put(pageOffset, source, at, count);
            pageOffset = 0;
            at += count;
            remaining -= count;
        }
    }

    /**
     * The page view holding all of {@code [offset, offset + length)}, for writing in place, or {@code null} when
     * the range crosses into the next page. Index {@code offset} of the set is index
     * {@link #offsetInPage(int) offsetInPage(offset)} of the view.
     *
     * @throws IndexOutOfBoundsException if the range does not lie within the set
     */
    public ByteBuffer pageHolding(int offset, int length) {
        Objects.checkFromIndexSize(offset, length, this.length);
        return offsetInPage(offset) + length <= pageSize ? pages[offset >>> pageShift] : null;
    }

    /** Where {@code offset} of the set lies within its page. */
    public int offsetInPage(int offset) {
        return offset & (pageSize - 1);
    }

    /**
     * Zeroes {@code length} bytes at {@code offset}: the pad bytes of a record.
     *
     * @throws IndexOutOfBoundsException if the range does not lie within the set
     */
    public void zero(int offset, int length) {
        Objects.checkFromIndexSize(offset, length, this.length);
        int at = offset;
        int remaining = length;
        while (remaining > 0) {
            int inPage = offsetInPage(at);
            int count = Math.min(remaining, pageSize - inPage);
            zeroWithinPage(pages[at >>> pageShift], inPage, count);
            at += count;
            remaining -= count;
        }
    }

    /** Zeroes {@code count} bytes of one page at {@code index} in as few stores as the widths allow. */
    static void zeroWithinPage(ByteBuffer page, int index, int count) {
        int at = index;
        int end = index + count;
        for (; end - at >= Long.BYTES; at += Long.BYTES) {
            page.putLong(at, 0L);
        }
        if (end - at >= Integer.BYTES) {
            page.putInt(at, 0);
            at += Integer.BYTES;
        }
        if (end - at >= Short.BYTES) {
            page.putShort(at, (short) 0);
            at += Short.BYTES;
        }
        if (at < end) {
            page.put(at, (byte) 0);
        }
    }
}
