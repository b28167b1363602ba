package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BpfDescriptor#hasRoomFor}: what a source that waits for readers asks before each packet. */
class BpfDescriptorRoomTest {
    private static final int PAGE = 4096;
    /** 100-byte packets: 31 Ethernet records fit in one page. */
    private static final int PER_BUFFER = 31;

    private final DescriptorFixture fixture = new DescriptorFixture(PAGE, 1);
    private final BpfDescriptor descriptor = fixture.descriptor;

    @Test
    void aDetachedDescriptorNeverStandsInTheWay() throws BpfException {
        fixture.lend();
        assertThat(descriptor.hasRoomFor(fixture.nextPacket(100))).isTrue();
    }

    @Test
    void anEmptyDescriptorHasRoomEvenForAPacketLargerThanItsBuffer() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        assertThat(descriptor.hasRoomFor(fixture.nextPacket(3 * PAGE))).isTrue();
    }

    @Test
    void aFullStoreBufferWithAFreeOneLeftStillHasRoom() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        tap(PER_BUFFER);
        assertThat(descriptor.hasRoomFor(fixture.nextPacket(100))).as("the next packet rotates into B").isTrue();
    }

    @Test
    void bothBuffersFullMeansNoRoomUntilTheUserAcknowledges() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        tap(2 * PER_BUFFER);
        Packet next = fixture.nextPacket(100);
        assertThat(descriptor.hasRoomFor(next)).isFalse();

        fixture.user.take();
        assertThat(descriptor.hasRoomFor(next)).as("the acknowledged buffer is reclaimed").isTrue();
        descriptor.tap(next);
        assertThat(descriptor.stats().dropped()).isZero();
    }

    @Test
    void aStoreBufferHandedOverByADropLeavesNoRoomForEvenTheSmallestPacket() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        tap(2 * PER_BUFFER + 1);
        assertThat(descriptor.stats().dropped()).isEqualTo(1);
        assertThat(descriptor.hasRoomFor(fixture.nextPacket(4))).isFalse();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261125})
    void agreesWithWhatTapDoesForEveryPacket(long seed) throws BpfException {
        Random random = new Random(seed);
        fixture.attached(LinkType.EN10MB);
        for (int i = 0; i < 5_000; i++) {
            if (random.nextInt(8) == 0) {
                fixture.user.take();
            }
            Packet packet = fixture.nextPacket(4 + random.nextInt(2 * PAGE));
            boolean room = descriptor.hasRoomFor(packet);
            long droppedBefore = descriptor.stats().dropped();
            descriptor.tap(packet);
            assertThat(descriptor.stats().dropped() == droppedBefore).as("packet %d (seed %d)", i, seed).isEqualTo(room);
        }
    }

    private void tap(int packets) {
        for (int i = 0; i < packets; i++) {
            fixture.tap(100);
        }
    }
}
