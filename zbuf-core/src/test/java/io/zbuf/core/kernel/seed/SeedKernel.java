package io.zbuf.core.kernel.seed;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.file.Path;

/**
 * The {@code zseed_*} API of a compiled seed ({@code kernel_host.c}): FreeBSD's {@code bpf_zerocopy.c} with
 * zbuf's shim, through JNA. A {@code Pointer d} is a {@code struct bpf_d} in ZBUF mode. Calls the seed refused
 * with a KASSERT answer {@link #REFUSED}; {@link #zseed_refusal()} says why. Not thread-safe. Test-only.
 */
public interface SeedKernel extends Library {
    /** {@code ZSEED_REFUSED}: a KASSERT failed. */
    int REFUSED = -1;

    /** Slots of {@link #zseed_state}, as {@code enum zseed_state}. */
    int STORE_UADDR = 0;
    int HOLD_UADDR = 1;
    int FREE_UADDR = 2;
    int SLEN = 3;
    int HLEN = 4;
    int BUFSIZE = 5;
    int STORE_ASSIGNED = 6;
    int HOLD_ASSIGNED = 7;
    int FREE_ASSIGNED = 8;
    int STATE_COUNT = 9;

    /** Loads a library {@link SeedBuild} built. */
    static SeedKernel load(Path library) {
        return Native.load(library.toString(), SeedKernel.class);
    }

    int zseed_page_size();

    int zseed_space_create(long pages);

    Pointer zseed_space_base();

    Pointer zseed_space_alloc(long pages);

    int zseed_space_set_page(long index, int present, int writable);

    void zseed_fail_sf_buf_alloc(long n);

    void zseed_fail_page_fault(long n);

    long zseed_wired_pages();

    long zseed_sf_bufs();

    long zseed_allocations();

    String zseed_refusal();

    Pointer zseed_open();

    int zseed_close(Pointer d);

    int zseed_setzbuf(Pointer d, Pointer bufa, Pointer bufb, long buflen);

    int zseed_attach(Pointer d);

    int zseed_reclaim(Pointer d);

    int zseed_rotate(Pointer d);

    int zseed_buffull(Pointer d);

    int zseed_canfree(Pointer d);

    int zseed_canwrite(Pointer d);

    int zseed_append_bytes(Pointer d, int offset, byte[] src, int len);

    int zseed_append_mbuf(Pointer d, int offset, byte[] data, int[] lengths, int count, int len);

    void zseed_set_slen(Pointer d, int slen);

    int zseed_rotzbuf(Pointer d, long[] buf, long[] len);

    long zseed_getzmax(Pointer d);

    int zseed_state(Pointer d, long[] out);
}
