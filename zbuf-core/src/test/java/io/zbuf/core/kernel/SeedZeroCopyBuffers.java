package io.zbuf.core.kernel;

import com.sun.jna.Pointer;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One descriptor's buffers in FreeBSD's {@code bpf_zerocopy.c}, compiled: every call is the seed's, on its
 * {@code struct bpf_d}, except where named. A KASSERT the seed fails is an {@link AssertionError}. Test-only.
 */
final class SeedZeroCopyBuffers extends ZeroCopyBuffers {
    private final SeedKernel seed;
    private final Pointer d;
    private final long addressA;
    /** zbuf's framing goes here first; the seed copies it into the store buffer. */
    private final PageSet scratch;
    private final ByteBuffer scratchBytes;
    private final boolean reclaimBeforeRotzbuf;
    private final Consumer<SeedZeroCopyBuffers> freed;
    private long handOffs;
    private boolean free;

    SeedZeroCopyBuffers(SeedKernel seed, Pointer d, long addressA, int length, int pageSize, boolean reclaimBeforeRotzbuf,
                        Consumer<SeedZeroCopyBuffers> freed) {
        this.seed = seed;
        this.d = d;
        this.addressA = addressA;
        this.scratchBytes = ByteBuffer.allocate(length);
        this.scratch = new PageSet(scratchBytes, length, pageSize);
        this.reclaimBeforeRotzbuf = reclaimBeforeRotzbuf;
        this.freed = freed;
    }

    @Override
    int storeLength() {
        return (int) state()[SeedKernel.SLEN];
    }

    @Override
    void storeLength(int length) {
        seed.zseed_set_slen(d, length);
    }

    @Override
    boolean holding() {
        return state()[SeedKernel.HOLD_UADDR] != 0;
    }

    @Override
    int holdLength() {
        return (int) state()[SeedKernel.HLEN];
    }

    /** Counted here: the seed's calls that made one more buffer ASSIGNED. */
    @Override
    long handOffs() {
        return handOffs;
    }

    @Override
    boolean canWrite() {
        return refused(seed, seed.zseed_canwrite(d)) != 0;
    }

    @Override
    boolean canFree() {
        return refused(seed, seed.zseed_canfree(d)) != 0;
    }

    @Override
    void reclaimIfAcknowledged() {
        refused(seed, seed.zseed_reclaim(d));
    }

    /** The seed's BIOCROTZBUF; with zbuf's rule (docs/deviations.md section 1), the lazy reclaim first. */
    @Override
    ZbufId rotateZbuf() {
        if (reclaimBeforeRotzbuf) {
            reclaimIfAcknowledged();
        }
        long[] buffer = new long[1];
        long[] length = new long[1];
        int assigned = assigned();
        refused(seed, seed.zseed_rotzbuf(d, buffer, length));
        countHandOff(assigned);
        return buffer[0] == 0 ? null : id(buffer[0]);
    }

    @Override
    void bufferFull() {
        int assigned = assigned();
        refused(seed, seed.zseed_buffull(d));
        countHandOff(assigned);
    }

    @Override
    ZbufId rotate() {
        int assigned = assigned();
        refused(seed, seed.zseed_rotate(d));
        countHandOff(assigned);
        return id(state()[SeedKernel.HOLD_UADDR]);
    }

    /**
     * zbuf's framing (catchpacket()'s, {@link RecordWriter}) into a scratch buffer; then, as catchpacket() does,
     * the pad and the header go in with the seed's {@code bpf_append_bytes}, the packet with its
     * {@code bpf_append_bytes} (one fragment, as bpf_tap) or {@code bpf_append_mbuf} (a chain, as bpf_mtap).
     */
    @Override
    void append(RecordWriter writer, int previousEnd, int start, int hdrlen, int caplen, Packet packet, TimestampType type) {
        writer.append(scratch, previousEnd, start, hdrlen, caplen, packet, type);
        byte[] framing = new byte[start + hdrlen - previousEnd];
        scratchBytes.get(ZbufHeader.LENGTH + previousEnd, framing);
        refused(seed, seed.zseed_append_bytes(d, previousEnd, framing, framing.length));
        if (caplen == 0) {
            return;
        }
        int count = packet.fragmentCount();
        int[] lengths = new int[count];
        byte[] data = new byte[packet.length()];
        int at = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer fragment = packet.fragment(i);
            lengths[i] = fragment.remaining();
            fragment.get(fragment.position(), data, at, lengths[i]);
            at += lengths[i];
        }
        int offset = start + hdrlen;
        refused(seed, count == 1 ? seed.zseed_append_bytes(d, offset, data, caplen) : seed.zseed_append_mbuf(d, offset, data, lengths, count, caplen));
    }

    /** {@code bpf_zerocopy_free()}, once. */
    @Override
    void free() {
        if (!free) {
            free = true;
            refused(seed, seed.zseed_close(d));
            freed.accept(this);
        }
    }

    private void countHandOff(int assignedBefore) {
        if (assigned() > assignedBefore) {
            handOffs++;
        }
    }

    private int assigned() {
        long[] state = state();
        return (int) (state[SeedKernel.STORE_ASSIGNED] + state[SeedKernel.HOLD_ASSIGNED] + state[SeedKernel.FREE_ASSIGNED]);
    }

    private ZbufId id(long address) {
        return address == addressA ? ZbufId.A : ZbufId.B;
    }

    private long[] state() {
        long[] state = new long[SeedKernel.STATE_COUNT];
        seed.zseed_state(d, state);
        return state;
    }

    static int refused(SeedKernel seed, int result) {
        if (result == SeedKernel.REFUSED) {
            throw new AssertionError("FreeBSD's bpf_zerocopy.c refused (KASSERT): " + seed.zseed_refusal());
        }
        return result;
    }
}
