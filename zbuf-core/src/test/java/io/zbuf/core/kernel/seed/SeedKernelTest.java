package io.zbuf.core.kernel.seed;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** zbuf's shim around the seed: refusals instead of aborts, leak counters, fault injection, the page size. */
@Tag("external-tool")
class SeedKernelTest {
    private static final int PAGE = 16384;

    private SeedKernel seed;
    private Pointer d;
    private long base;

    @BeforeEach
    void open() {
        seed = SeedKernel.load(SeedBuild.library(PAGE));
        assertThat(seed.zseed_space_create(8)).isZero();
        base = Pointer.nativeValue(seed.zseed_space_base());
        d = seed.zseed_open();
    }

    @AfterEach
    void close() {
        if (d != null) {
            assertThat(seed.zseed_close(d)).isZero();
        }
    }

    @Test
    void isBuiltForItsPageSizeAndAlignsTheUserSpaceToIt() {
        assertThat(seed.zseed_page_size()).isEqualTo(PAGE);
        assertThat(base % PAGE).isZero();
        assertThat(seed.zseed_getzmax(d)).isEqualTo(512L * PAGE);
    }

    @Test
    void aFailedKassertIsARefusalWithItsMessage() {
        assertThat(seed.zseed_canwrite(d)).isEqualTo(SeedKernel.REFUSED);
        assertThat(seed.zseed_refusal()).contains("bpf_zerocopy_canwritebuf: bd_sbuf NULL");
    }

    @Test
    void anAppendIntoABufferTheUserOwnsIsRefused() {
        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 2 * PAGE), 2 * PAGE)).isZero();
        assertThat(seed.zseed_buffull(d)).isZero();

        assertThat(seed.zseed_append_bytes(d, 0, new byte[4], 4)).isEqualTo(SeedKernel.REFUSED);
        assertThat(seed.zseed_refusal()).contains("ZBUF_FLAG_ASSIGNED");
    }

    @Test
    void wiresAndMapsEachPageOnceAndReleasesAllOnFree() {
        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 3 * PAGE), 3 * PAGE)).isZero();
        assertThat(seed.zseed_wired_pages()).isEqualTo(6);
        assertThat(seed.zseed_sf_bufs()).isEqualTo(6);
        assertThat(seed.zseed_allocations()).isEqualTo(5);

        assertThat(seed.zseed_close(d)).isZero();
        d = null;
        assertThat(seed.zseed_wired_pages()).isZero();
        assertThat(seed.zseed_sf_bufs()).isZero();
        assertThat(seed.zseed_allocations()).isZero();
    }

    @Test
    void anInjectedSfBufFailureIsEfaultAndLeaksNothing() {
        seed.zseed_fail_sf_buf_alloc(4);

        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 3 * PAGE), 3 * PAGE)).isEqualTo(14);
        assertThat(seed.zseed_wired_pages()).isZero();
        assertThat(seed.zseed_sf_bufs()).isZero();
        assertThat(seed.zseed_allocations()).isEqualTo(1);
    }

    @Test
    void anInjectedPageFaultAndAReadOnlyPageAreEfault() {
        seed.zseed_fail_page_fault(0);
        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 3 * PAGE), 3 * PAGE)).isEqualTo(14);

        seed.zseed_space_set_page(4, 1, 0);
        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 3 * PAGE), 3 * PAGE)).isEqualTo(14);
        assertThat(seed.zseed_wired_pages()).isZero();

        seed.zseed_space_set_page(4, 1, 1);
        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 3 * PAGE), 3 * PAGE)).isZero();
    }

    @Test
    void theKernelWritesThroughItsOwnMappingIntoTheUsersPages() {
        assertThat(seed.zseed_setzbuf(d, new Pointer(base), new Pointer(base + 2 * PAGE), 2 * PAGE)).isZero();
        byte[] bytes = new byte[64];
        java.util.Arrays.fill(bytes, (byte) 0x5a);

        assertThat(seed.zseed_append_bytes(d, PAGE - 32 - 16, bytes, 64)).isZero();

        assertThat(seed.zseed_space_base().getByteArray(PAGE - 16, 64)).isEqualTo(bytes);
    }
}
