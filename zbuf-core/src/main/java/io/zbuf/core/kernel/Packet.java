package io.zbuf.core.kernel;

import java.nio.ByteBuffer;

/**
 * A packet as the kernel side receives it: a chain of fragments (the analogue of an mbuf chain), the length
 * it had on the wire, and optionally a timestamp taken where it was received (as a NIC's hardware timestamp).
 *
 * <p>A flyweight: a source fills the same instance for every packet ({@link #reset()}, {@link #append},
 * {@link #wireLength(int)}), so the per-packet path allocates nothing. The bytes of fragment {@code i} are
 * those between its position and limit; nothing here moves a fragment's position. Not thread-safe.
 */
public final class Packet {
    private final ByteBuffer[] fragments;
    private int fragmentCount;
    private int length;
    private int wireLength;
    private long timestampNanos;
    private boolean timestamped;

    /** A packet that can hold up to {@code maxFragments} fragments. */
    public Packet(int maxFragments) {
        if (maxFragments < 1) {
            throw new IllegalArgumentException("a packet needs room for at least one fragment: " + maxFragments);
        }
        fragments = new ByteBuffer[maxFragments];
    }

    /**
     * Empties the packet for reuse: no fragment, lengths 0, no timestamp. The fragments it forgets stay referenced
     * until appends overwrite them, so that a source appending the same views for every packet stores no reference
     * (each reference store costs the garbage collector's write barrier, a few nanoseconds with G1).
     */
    public Packet reset() {
        fragmentCount = 0;
        length = 0;
        wireLength = 0;
        timestamped = false;
        timestampNanos = 0;
        return this;
    }

    /**
     * Appends a fragment: its bytes from position to limit, shared, not copied. The wire length grows with
     * it; set {@link #wireLength(int)} afterwards for a packet that was truncated before it got here.
     */
    public Packet append(ByteBuffer fragment) {
        if (fragmentCount == fragments.length) {
            throw new IllegalStateException("packet already holds its maximum of " + fragments.length + " fragments");
        }
        if (fragments[fragmentCount] != fragment) {
            fragments[fragmentCount] = fragment;
        }
        fragmentCount++;
        length += fragment.remaining();
        wireLength = Math.max(wireLength, length);
        return this;
    }

    /** Sets the length the packet had on the wire ({@code bh_datalen}); at least {@link #length()}. */
    public Packet wireLength(int wireLength) {
        if (wireLength < length) {
            throw new IllegalArgumentException("wire length " + wireLength + " is less than the " + length + " bytes present");
        }
        this.wireLength = wireLength;
        return this;
    }

    /** Stamps the packet where it was received, in nanoseconds since the epoch. */
    public Packet timestamp(long epochNanos) {
        this.timestampNanos = epochNanos;
        this.timestamped = true;
        return this;
    }

    /** Bytes present in the fragments. */
    public int length() {
        return length;
    }

    /** Length on the wire. */
    public int wireLength() {
        return wireLength;
    }

    /** Whether the packet carries its own timestamp. */
    public boolean timestamped() {
        return timestamped;
    }

    /** Its own timestamp in nanoseconds since the epoch; meaningful only if {@link #timestamped()}. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Number of fragments. */
    public int fragmentCount() {
        return fragmentCount;
    }

    /** Fragment {@code index}; its bytes lie between its position and limit. Do not move them. */
    public ByteBuffer fragment(int index) {
        if (index >= fragmentCount) {
            throw new IndexOutOfBoundsException("fragment " + index + " of " + fragmentCount);
        }
        return fragments[index];
    }

    /**
     * Byte {@code index} of the packet, counted across fragments, as an unsigned value; -1 past the end.
     * For filters, which read a few bytes of headers; bulk copies walk the fragments instead.
     */
    public int unsignedByteAt(int index) {
        if (index < 0) {
            return -1;
        }
        int remaining = index;
        for (int i = 0; i < fragmentCount; i++) {
            ByteBuffer fragment = fragments[i];
            int size = fragment.remaining();
            if (remaining < size) {
                return Byte.toUnsignedInt(fragment.get(fragment.position() + remaining));
            }
            remaining -= size;
        }
        return -1;
    }
}
