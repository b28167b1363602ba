package io.zbuf.freebsd;

import io.zbuf.core.contract.BackendContract;
import io.zbuf.core.kernel.SeedZeroCopyScheme;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.kernel.seed.SeedBuild;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.host.KernelHost;
import io.zbuf.spi.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend contract on the FreeBSD backend against FreeBSD's own {@code bpf_zerocopy.c}, compiled (docs/oracle.md):
 * as {@link FreeBsdBackendContractTest}, all through JNA, but the fake kernel's zero-copy part (BIOCSETZBUF,
 * appends, hand-offs, canfree/canwrite, BIOCROTZBUF, BIOCGETZMAX, free) is the seed's ({@link SeedZeroCopyScheme}).
 * The parts of {@code bpf.c} the seed lacks are zbuf's: the fake C library's ioctl dispatch and zbuf-core's
 * {@code BpfDescriptor} (ioctl state, filter, catchpacket()'s decisions and framing, readiness, read timeout).
 * After every test nothing the seed wired, mapped or allocated is left.
 *
 * <p>One rule is zbuf's, named and applied around the seed's call: BIOCROTZBUF reclaims an acknowledged hold buffer
 * first (docs/deviations.md section 1, {@link SeedZeroCopyScheme#withZbufRotzbuf}). The contract depends on it:
 * with FreeBSD's BIOCROTZBUF ({@link SeedZeroCopyScheme#freeBsd}) the records left in the store buffer behind a
 * buffer the reader gave back stay there until a next packet, which the end of a finite source never brings;
 * measured, 8 of the 34 tests then fail: {@code rotateAfterAnAcknowledgementDeliversWhatTheStoreBufferHolds}
 * (it asserts zbuf's rule) and, waiting for the last records, {@code kernelFillsBufferAFirstThenAlternates},
 * {@code overloadDropsButConservesEveryPacket}, {@code aReplayWaitsForASlowReaderInsteadOfDropping} and the two
 * cases each of {@code aHandlerThatThrowsLosesNothingAndRepeatsNothing} and
 * {@code aHandlerThatStopsEarlyLosesNothingAndRepeatsNothing}; {@code aConcurrentReaderConservesEveryPacket} too
 * when its reader gives a buffer back before the last packet.
 * FreeBSD's own behaviour there, and the reader's mitigation, is {@link FreeBsdRotzbufStallTest}'s.
 */
@Tag("external-tool")
class FreeBsdSeedContractTest extends BackendContract {
    /** User pages per test: room for a few captures of the default 512 KiB buffers. */
    private static final long USER_PAGES = 8192;
    private static final SeedKernel SEED = SeedKernel.load(SeedBuild.library(FakeFreeBsdKernelLibc.PAGE_SIZE));

    private KernelHost kernel;
    private SeedZeroCopyScheme scheme;

    @Override
    protected Backend createBackend() {
        assertThat(SEED.zseed_space_create(USER_PAGES)).as("a fresh user address space for the seed").isZero();
        scheme = SeedZeroCopyScheme.withZbufRotzbuf(SEED);
        kernel = new KernelHost(SystemKernelClock.INSTANCE, "fake-freebsd-kernel-on-the-seed");
        return new FreeBsdBackend(FakeFreeBsdKernelLibc.onSeed(kernel, SEED, scheme));
    }

    /** The machine's interfaces are created in the fake kernel: the backend itself cannot create any. */
    @Override
    protected void createInterface(Backend backend, String name, String source) throws Exception {
        kernel.createInterface(name, source);
    }

    /** The kernel stops; descriptors it still had are freed as bpf_free() would; then the seed holds nothing. */
    @AfterEach
    void stopKernelAndCheckTheSeedHoldsNothing() {
        kernel.close();
        scheme.freeAll();
        assertThat(SEED.zseed_wired_pages()).as("pages the seed left wired").isZero();
        assertThat(SEED.zseed_sf_bufs()).as("sf_bufs the seed left mapped").isZero();
        assertThat(SEED.zseed_allocations()).as("M_BPF allocations the seed left").isZero();
    }
}
