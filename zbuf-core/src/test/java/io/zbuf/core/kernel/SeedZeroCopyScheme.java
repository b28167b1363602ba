package io.zbuf.core.kernel;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Errno;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ZeroCopyScheme} that is FreeBSD's own {@code bpf_zerocopy.c}, compiled (the seed, docs/oracle.md):
 * BIOCSETZBUF with all its checks, BIOCGETZMAX, the appends, the hand-offs ({@code bpf_buffull},
 * {@code bpf_bufheld}), canfree/canwrite, BIOCROTZBUF and {@code bpf_free} run in the seed, through JNA. A
 * {@link BpfDescriptor} built on it keeps zbuf's part of {@code bpf.c} (ioctl dispatch, filter, catchpacket()'s
 * decisions and its framing by {@link RecordWriter}); the seed copies the framed record in.
 *
 * <p>The user's buffers must lie in the seed's fake user address space ({@link SeedKernel#zseed_space_alloc}),
 * where the seed wires them. {@link #withZbufRotzbuf} applies one rule of zbuf's around the seed's call, named:
 * BIOCROTZBUF reclaims an acknowledged hold buffer first (docs/deviations.md section 1); {@link #freeBsd} does
 * not. Test-only.
 */
public final class SeedZeroCopyScheme extends ZeroCopyScheme {
    private final SeedKernel seed;
    private final boolean reclaimBeforeRotzbuf;
    private final Set<SeedZeroCopyBuffers> live = ConcurrentHashMap.newKeySet();

    private SeedZeroCopyScheme(SeedKernel seed, boolean reclaimBeforeRotzbuf) {
        this.seed = seed;
        this.reclaimBeforeRotzbuf = reclaimBeforeRotzbuf;
    }

    /** FreeBSD's scheme as it is, of a loaded seed whose page size is the descriptors'. */
    public static SeedZeroCopyScheme freeBsd(SeedKernel seed) {
        return new SeedZeroCopyScheme(seed, false);
    }

    /**
     * FreeBSD's scheme with zbuf's rule ROTZBUF_RECLAIMS_FIRST (docs/deviations.md section 1, as
     * {@code SeedComparison} names it): BIOCROTZBUF is catchpacket()'s lazy reclaim followed by the seed's BIOCROTZBUF.
     */
    public static SeedZeroCopyScheme withZbufRotzbuf(SeedKernel seed) {
        return new SeedZeroCopyScheme(seed, true);
    }

    @Override
    long zmax(int pageSize) {
        requirePageSize(pageSize);
        Pointer d = seed.zseed_open();
        try {
            return seed.zseed_getzmax(d);
        } finally {
            SeedZeroCopyBuffers.refused(seed, seed.zseed_close(d));
        }
    }

    /**
     * The seed's BIOCSETZBUF on a descriptor of its own. Once the descriptor has buffers or an interface, the
     * seed's descriptor is attached first, so that the seed's own check refuses, after its other checks, as
     * FreeBSD orders them.
     */
    @Override
    ZeroCopyBuffers setZbuf(BpfZbuf zbuf, int pageSize, boolean committed) throws BpfException {
        requirePageSize(pageSize);
        long a = address(zbuf.bufA());
        long b = address(zbuf.bufB());
        Pointer d = seed.zseed_open();
        if (committed) {
            seed.zseed_attach(d);
        }
        int errno = SeedZeroCopyBuffers.refused(seed, seed.zseed_setzbuf(d, pointer(a), pointer(b), zbuf.bufLen()));
        if (errno != 0) {
            SeedZeroCopyBuffers.refused(seed, seed.zseed_close(d));
            throw new BpfException(Errno.ofCode(errno), "BIOCSETZBUF (FreeBSD's bpf_zerocopy.c): " + Errno.ofCode(errno));
        }
        SeedZeroCopyBuffers buffers = new SeedZeroCopyBuffers(seed, d, a, (int) zbuf.bufLen(), pageSize, reclaimBeforeRotzbuf, live::remove);
        live.add(buffers);
        return buffers;
    }

    /**
     * Frees, as {@code bpf_free()} would, the buffers of descriptors never closed (their kernel stopped first),
     * so that the seed's address space can be made again.
     *
     * @return how many there were
     */
    public int freeAll() {
        int count = 0;
        for (SeedZeroCopyBuffers buffers : Set.copyOf(live)) {
            buffers.free();
            count++;
        }
        return count;
    }

    private void requirePageSize(int pageSize) {
        if (pageSize != seed.zseed_page_size()) {
            throw new IllegalArgumentException("the seed was built for " + seed.zseed_page_size() + "-byte pages, not " + pageSize);
        }
    }

    /** The user address of a lent buffer; the seed takes addresses, so a buffer must be direct. */
    private static long address(ByteBuffer buffer) {
        if (buffer == null) {
            return 0;
        }
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("FreeBSD's bpf_zerocopy.c takes user addresses: the buffer must be direct");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    private static Pointer pointer(long address) {
        return address == 0 ? null : new Pointer(address);
    }
}
