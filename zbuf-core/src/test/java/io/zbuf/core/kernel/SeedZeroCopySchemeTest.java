package io.zbuf.core.kernel;

import io.zbuf.core.kernel.seed.SeedBuild;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Errno;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@link BpfDescriptor} whose zero-copy part is FreeBSD's own bpf_zerocopy.c ({@link SeedZeroCopyScheme}): the
 * seed's checks and errnos, zbuf's records copied in by the seed, deviation 1 with and without zbuf's rule, and
 * nothing left wired after close.
 */
@Tag("external-tool")
class SeedZeroCopySchemeTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 2;
    private static final int LENGTH = PAGES * PAGE;

    private final SeedKernel seed = SeedKernel.load(SeedBuild.library(PAGE));
    private final ManualKernelClock clock = new ManualKernelClock(DescriptorFixture.BOOT);
    private ByteBuffer a;
    private ByteBuffer b;
    private int sequence;
    private byte[] lastData;
    private final List<BpfDescriptor> opened = new ArrayList<>();

    @BeforeEach
    void userMemory() {
        assertThat(seed.zseed_space_create(4 * PAGES)).isZero();
        a = seed.zseed_space_alloc(PAGES).getByteBuffer(0, LENGTH);
        b = seed.zseed_space_alloc(PAGES).getByteBuffer(0, LENGTH);
    }

    @AfterEach
    void nothingLeftInTheSeed() {
        opened.forEach(BpfDescriptor::close);
        assertThat(seed.zseed_wired_pages()).isZero();
        assertThat(seed.zseed_sf_bufs()).isZero();
        assertThat(seed.zseed_allocations()).isZero();
    }

    @Test
    void zmaxAndTheChecksOfBiocsetzbufAreTheSeeds() throws BpfException {
        BpfDescriptor descriptor = zeroCopy(SeedZeroCopyScheme.freeBsd(seed));
        assertThat(descriptor.zmax()).isEqualTo(512L * PAGE);

        ByteBuffer unaligned = a.slice(8, LENGTH - PAGE);
        assertThatThrownBy(() -> descriptor.setZbuf(new BpfZbuf(unaligned, b, LENGTH - PAGE)))
            .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
            .hasMessageContaining("bpf_zerocopy.c");
        assertThat(seed.zseed_wired_pages()).isZero();

        descriptor.setZbuf(new BpfZbuf(a, b, LENGTH));
        assertThat(seed.zseed_wired_pages()).isEqualTo(2 * PAGES);
        assertThat(descriptor.bufferSize()).isEqualTo(LENGTH - 32);
        assertThatThrownBy(() -> descriptor.setZbuf(new BpfZbuf(a, b, LENGTH)))
            .as("set once: the seed's own check, its descriptor attached first")
            .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(seed.zseed_wired_pages()).isEqualTo(2 * PAGES);

        descriptor.close();
        assertThat(seed.zseed_wired_pages()).as("bpf_zerocopy_free() at close").isZero();
    }

    /** Records framed by zbuf and copied in by the seed, whole or as a chain of fragments, across a page boundary. */
    @Test
    void recordsFramedByZbufAreCopiedInByTheSeedAndHandedOver() throws BpfException {
        BpfDescriptor descriptor = attached(SeedZeroCopyScheme.freeBsd(seed));
        TestUser user = new TestUser(a, b);
        descriptor.tap(packet(3000));
        Packet chain = packet(3000, 1000, 0, 7, 1993);
        byte[] chained = lastData;
        descriptor.tap(chain);
        descriptor.tap(packet(3000));

        List<RecordWalker.Record> first = user.take();
        assertThat(first).extracting(DescriptorFixture::sequenceOf).containsExactly(0, 1);
        assertThat(first.get(1).data()).isEqualTo(chained);
        assertThat(descriptor.buffersHandedOver()).isEqualTo(1);
        descriptor.tap(packet(100));
        assertThat(descriptor.rotateZbuf().buffer()).isEqualTo(ZbufId.B);
        assertThat(user.take()).extracting(DescriptorFixture::sequenceOf).containsExactly(2, 3);
        assertThat(descriptor.buffersHandedOver()).isEqualTo(2);
        descriptor.close();
    }

    /**
     * docs/deviations.md section 1, side by side: a record in the store buffer behind a hold buffer the user gave
     * back. FreeBSD's BIOCROTZBUF hands nothing over; with zbuf's rule it reclaims first and hands the record over.
     */
    @Test
    void biocrotzbufBehindAnAcknowledgedBufferFreeBsdStallsZbufsRuleHandsOver() throws BpfException {
        BpfDescriptor freeBsd = attached(SeedZeroCopyScheme.freeBsd(seed));
        assertThat(recordBehindAnAcknowledgedBuffer(freeBsd)).isEqualTo(Rotation.NONE);
        assertThat(freeBsd.storeLength()).as("the record stays in the store buffer").isPositive();
        freeBsd.close();

        userMemory();
        BpfDescriptor zbufRule = attached(SeedZeroCopyScheme.withZbufRotzbuf(seed));
        assertThat(recordBehindAnAcknowledgedBuffer(zbufRule).buffer()).isEqualTo(ZbufId.B);
        zbufRule.close();
    }

    private Rotation recordBehindAnAcknowledgedBuffer(BpfDescriptor descriptor) throws BpfException {
        TestUser user = new TestUser(a, b);
        descriptor.tap(packet(100));
        assertThat(descriptor.rotateZbuf().buffer()).isEqualTo(ZbufId.A);
        descriptor.tap(packet(100));
        assertThat(user.take()).hasSize(1);
        return descriptor.rotateZbuf();
    }

    private BpfDescriptor zeroCopy(SeedZeroCopyScheme scheme) throws BpfException {
        BpfDescriptor descriptor = new BpfDescriptor(clock, PAGE, scheme);
        opened.add(descriptor);
        descriptor.setBufferMode(BufferMode.ZBUF);
        return descriptor;
    }

    private BpfDescriptor attached(SeedZeroCopyScheme scheme) throws BpfException {
        BpfDescriptor descriptor = zeroCopy(scheme);
        descriptor.setZbuf(new BpfZbuf(a, b, LENGTH));
        descriptor.attach(LinkType.EN10MB);
        return descriptor;
    }

    /** A packet whose bytes are {@link TestBuffers#sequence} of the next sequence number, its first 4 that number. */
    private Packet packet(int size, int... fragmentSizes) {
        byte[] data = TestBuffers.sequence(size, sequence);
        ByteBuffer.wrap(data).putInt(0, sequence++);
        lastData = data;
        return TestBuffers.packet(data, fragmentSizes);
    }
}
