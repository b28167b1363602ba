package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** bpfpoll(), bpf_ready() and bpf_timed_out(), driven by a manual clock. */
class BpfDescriptorReadinessTest {
    private static final long TIMEOUT = 1_000_000L;

    private final DescriptorFixture fixture = new DescriptorFixture(4096, 1);
    private final BpfDescriptor descriptor = fixture.descriptor;
    private final ManualKernelClock clock = fixture.clock;

    @BeforeEach
    void attach() throws BpfException {
        fixture.attached(LinkType.EN10MB);
    }

    @Test
    void aHandedOverBufferIsReadableUntilAcknowledged() throws BpfException {
        assertThat(descriptor.readable()).isFalse();
        fixture.tap(100);
        assertThat(descriptor.readable()).as("records in the store buffer alone are not readable").isFalse();

        descriptor.rotateZbuf();
        assertThat(descriptor.readable()).isTrue();

        fixture.user.take();
        assertThat(descriptor.readable()).as("acknowledged, even before it is reclaimed").isFalse();
    }

    @Test
    void withoutAReadTimeoutNoTimerIsArmed() {
        assertThat(descriptor.armReadTimeout()).isZero();
    }

    @Test
    void aReadTimeoutMakesAStoreBufferWithRecordsReadable() throws BpfException {
        descriptor.setReadTimeout(TIMEOUT);
        fixture.tap(100);

        assertThat(descriptor.armReadTimeout()).isEqualTo(TIMEOUT);
        assertThat(descriptor.armReadTimeout()).as("one timer at a time").isZero();
        clock.advance(TIMEOUT - 1);
        assertThat(descriptor.readTimeoutFired()).as("early").isFalse();
        clock.advance(1);
        assertThat(descriptor.readTimeoutFired()).isTrue();
        assertThat(descriptor.readable()).isTrue();
        assertThat(fixture.tap(100)).as("timed out: every packet wakes").isTrue();

        Rotation rotation = descriptor.rotateZbuf();

        assertThat(rotation).isEqualTo(new Rotation(ZbufId.A, 128 + 126));
        assertThat(fixture.tap(100)).as("the ioctl ended the time-out").isFalse();
        assertThat(descriptor.readable()).isTrue();
        fixture.user.take();
        assertThat(descriptor.readable()).isFalse();
        assertThat(descriptor.armReadTimeout()).as("idle again, so a new timer").isEqualTo(TIMEOUT);
    }

    @Test
    void aTimeoutWithAnEmptyStoreBufferWakesTheNextPacket() throws BpfException {
        descriptor.setReadTimeout(TIMEOUT);
        descriptor.armReadTimeout();
        clock.advance(TIMEOUT);

        assertThat(descriptor.readTimeoutFired()).isFalse();
        assertThat(descriptor.armReadTimeout()).as("timed out is not idle").isZero();
        assertThat(fixture.tap(100)).isTrue();
        assertThat(descriptor.readable()).isTrue();
    }

    @Test
    void nothingIsArmedWhenReadableOrDetached() throws BpfException {
        descriptor.setReadTimeout(TIMEOUT);
        descriptor.setImmediate(true);
        fixture.tap(100);

        assertThat(descriptor.armReadTimeout()).as("already readable").isZero();

        descriptor.setImmediate(false);
        descriptor.detach();
        descriptor.detach();
        assertThat(descriptor.armReadTimeout()).as("not attached: hang-up").isZero();
    }

    @Test
    void aWakeupStopsTheTimerAndATimerOfAnEarlierArmingIsIgnored() throws BpfException {
        descriptor.setReadTimeout(TIMEOUT);
        descriptor.setImmediate(true);
        descriptor.setImmediate(false);
        assertThat(descriptor.armReadTimeout()).isEqualTo(TIMEOUT);
        for (int i = 0; i < 32; i++) {
            fixture.tap(100);
        }
        fixture.user.take();
        clock.advance(TIMEOUT / 2);
        assertThat(descriptor.armReadTimeout()).as("the rotation's wake-up stopped the first timer").isEqualTo(TIMEOUT);

        clock.advance(TIMEOUT / 2);
        assertThat(descriptor.readTimeoutFired()).as("the first timer fires: superseded").isFalse();
        assertThat(fixture.tap(100)).isFalse();

        clock.advance(TIMEOUT / 2);
        assertThat(descriptor.readTimeoutFired()).isTrue();
    }

    @Test
    void detachingStopsAWaitingTimer() throws BpfException {
        descriptor.setReadTimeout(TIMEOUT);
        fixture.tap(100);
        descriptor.armReadTimeout();

        descriptor.detach();
        clock.advance(TIMEOUT);

        assertThat(descriptor.readTimeoutFired()).isFalse();
    }
}
