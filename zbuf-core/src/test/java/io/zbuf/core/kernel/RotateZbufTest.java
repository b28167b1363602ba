package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** BIOCROTZBUF, including zbuf's fix of FreeBSD's stuck store buffer (docs/deviations.md). */
class RotateZbufTest {
    private static final int PER_BUFFER = 31;

    private final DescriptorFixture fixture = new DescriptorFixture(4096, 1);
    private final BpfDescriptor descriptor = fixture.descriptor;
    private final TestUser user = fixture.user;

    @BeforeEach
    void attach() throws BpfException {
        fixture.attached(LinkType.EN10MB);
    }

    @Test
    void anEmptyStoreBufferIsNotRotated() throws BpfException {
        assertThat(descriptor.rotateZbuf()).isEqualTo(Rotation.NONE);
        assertThat(descriptor.buffersHandedOver()).isZero();
    }

    @Test
    void handsOverTheStoreBufferWithItsLength() throws BpfException {
        fixture.tap(100);
        fixture.tap(100);

        assertThat(descriptor.rotateZbuf()).isEqualTo(new Rotation(ZbufId.A, 128 + 126));

        assertThat(ZbufHeader.kernelGen(fixture.a)).isEqualTo(1);
        assertThat(ZbufHeader.kernelLen(fixture.a)).isEqualTo(254);
        assertThat(user.take()).hasSize(2);
    }

    @Test
    void doesNotRotateWhileTheUserHoldsAnUnacknowledgedBuffer() throws BpfException {
        fixture.tap(100);
        descriptor.rotateZbuf();
        fixture.tap(100);

        assertThat(descriptor.rotateZbuf()).isEqualTo(Rotation.NONE);
        assertThat(ZbufHeader.kernelGen(fixture.b)).isZero();
    }

    /**
     * The scenario of protocol.md section 5: the user acknowledged the hold buffer and no packet follows.
     * FreeBSD's BIOCROTZBUF sees a hold buffer, rotates nothing and the records in the store buffer are stuck
     * until the next packet; zbuf reclaims first and delivers them.
     */
    @Test
    void deliversRecordsBehindAnAcknowledgedHoldBufferWithoutAnotherPacket() throws BpfException {
        for (int i = 0; i < PER_BUFFER + 1; i++) {
            fixture.tap(100);
        }
        assertThat(user.take()).hasSize(PER_BUFFER);

        Rotation rotation = descriptor.rotateZbuf();

        assertThat(rotation).as("FreeBSD would answer the all-zero struct here").isEqualTo(new Rotation(ZbufId.B, 126));
        List<RecordWalker.Record> records = user.take();
        assertThat(records).extracting(DescriptorFixture::sequenceOf).containsExactly(PER_BUFFER);
    }

    /**
     * What FreeBSD would do instead: in immediate mode the descriptor stays readable (slen != 0) while
     * BIOCROTZBUF rotates nothing, so libpcap's loop (poll, check, rotate, check) spins. With zbuf the loop
     * delivers the records and the descriptor stops being readable.
     */
    @Test
    void libpcapsLoopDoesNotSpinInImmediateMode() throws BpfException {
        descriptor.setImmediate(true);
        for (int i = 0; i < PER_BUFFER + 1; i++) {
            fixture.tap(100);
        }
        List<Integer> delivered = new ArrayList<>();

        int polls = 0;
        while (descriptor.readable() && polls++ < 10) {
            List<RecordWalker.Record> records = user.take();
            if (records == null) {
                descriptor.rotateZbuf();
                records = user.take();
            }
            if (records != null) {
                records.forEach(record -> delivered.add(DescriptorFixture.sequenceOf(record)));
            }
        }

        assertThat(descriptor.readable()).isFalse();
        assertThat(polls).as("readable twice: the held buffer, then the store buffer").isEqualTo(2);
        assertThat(delivered).isEqualTo(IntStream.rangeClosed(0, PER_BUFFER).boxed().toList());
    }

    @Test
    void rotatesAStoreBufferAlreadyHandedOverWhenFullWithoutBumpingItAgain() throws BpfException {
        for (int i = 0; i < 2 * PER_BUFFER + 1; i++) {
            fixture.tap(100);
        }
        assertThat(ZbufHeader.kernelGen(fixture.b)).isEqualTo(1);
        user.take();

        assertThat(descriptor.rotateZbuf()).isEqualTo(new Rotation(ZbufId.B, 30 * 128 + 126));

        assertThat(ZbufHeader.kernelGen(fixture.b)).isEqualTo(1);
        assertThat(user.take()).hasSize(PER_BUFFER);
        assertThat(descriptor.buffersHandedOver()).isEqualTo(2);
    }
}
