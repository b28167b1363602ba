package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.zbuf.core.kernel.TestBuffers.aligned;
import static io.zbuf.core.kernel.TestBuffers.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZbufSlotsTest {
    private static final int PAGE = 4096;
    private static final int LENGTH = 2 * PAGE;

    private final ByteBuffer a = aligned(LENGTH, PAGE);
    private final ByteBuffer b = aligned(LENGTH, PAGE);
    private final ZbufSlots slots = new ZbufSlots(a, b, LENGTH, PAGE);
    private final TestUser user = new TestUser(a, b);

    @Test
    void startsWithAInStoreBFreeAndBothHeadersZeroed() {
        assertThat(bytes(a, 0, ZbufHeader.LENGTH)).containsOnly(0);
        assertThat(bytes(b, 0, ZbufHeader.LENGTH)).containsOnly(0);
        assertThat(a.get(ZbufHeader.LENGTH)).as("records untouched").isEqualTo(TestBuffers.GARBAGE);
        assertThat(slots.store()).isEqualTo(ZbufId.A);
        assertThat(slots.holding()).isFalse();
        assertThat(slots.canWrite()).isTrue();
        assertThat(slots.canFree()).isFalse();
        assertThat(slots.storeLength()).isZero();
        assertThat(slots.handOffs()).isZero();
        assertThat(slots.storePages().length()).isEqualTo(LENGTH);
    }

    @Test
    void rotationHandsTheStoreBufferOverWithItsLength() {
        slots.storeLength(100);

        assertThat(slots.rotate()).isEqualTo(ZbufId.A);

        assertThat(ZbufHeader.acquireKernelGen(a)).isEqualTo(1);
        assertThat(ZbufHeader.kernelLen(a)).isEqualTo(100);
        assertThat(ZbufHeader.kernelGen(b)).isZero();
        assertThat(slots.store()).isEqualTo(ZbufId.B);
        assertThat(slots.storeLength()).isZero();
        assertThat(slots.holding()).isTrue();
        assertThat(slots.holdLength()).isEqualTo(100);
        assertThat(slots.canWrite()).isTrue();
        assertThat(slots.handOffs()).isEqualTo(1);
        slots.storePages().zero(100, 1);
        assertThat(b.get(100)).as("the store pages are B's").isZero();
        assertThat(a.get(100)).isEqualTo(TestBuffers.GARBAGE);
    }

    @Test
    void neverRotatesWhenTheFreeSlotIsEmpty() {
        slots.storeLength(8);
        slots.rotate();

        assertThatThrownBy(slots::rotate).isInstanceOf(IllegalStateException.class).hasMessageContaining("buffer A is held");
        assertThat(slots.handOffs()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedHoldBufferIsReclaimedOnlyWhenTheUserGaveItBack() {
        slots.storeLength(40);
        slots.rotate();
        slots.reclaimIfAcknowledged();
        assertThat(slots.holding()).as("not acknowledged yet").isTrue();

        user.acknowledge();
        assertThat(slots.canFree()).isTrue();
        slots.reclaimIfAcknowledged();

        assertThat(slots.holding()).isFalse();
        assertThat(slots.holdLength()).isZero();
        assertThat(slots.canFree()).isFalse();
        slots.storeLength(16);
        assertThat(slots.rotate()).isEqualTo(ZbufId.B);
        assertThat(slots.canWrite()).as("A, reclaimed, is no longer ASSIGNED").isTrue();
        assertThat(slots.store()).isEqualTo(ZbufId.A);
    }

    @Test
    void aFullStoreBufferIsHandedOverOnceAndThenNotWritable() {
        slots.storeLength(8);
        slots.rotate();
        slots.storeLength(24);

        slots.bufferFull();
        slots.bufferFull();

        assertThat(ZbufHeader.acquireKernelGen(b)).isEqualTo(1);
        assertThat(ZbufHeader.kernelLen(b)).isEqualTo(24);
        assertThat(slots.canWrite()).isFalse();
        assertThat(slots.handOffs()).isEqualTo(2);
    }

    @Test
    void rotatingABufferAlreadyHandedOverDoesNotBumpItsGenerationAgain() {
        slots.bufferFull();
        assertThat(ZbufHeader.kernelGen(a)).isEqualTo(1);

        slots.rotate();

        assertThat(ZbufHeader.kernelGen(a)).isEqualTo(1);
        assertThat(slots.handOffs()).isEqualTo(1);
    }

    @Test
    void whatTheUserScribblesOverKernelGenAndKernelLenIsNeverReadBack() {
        slots.storeLength(100);
        slots.rotate();
        a.putInt(ZbufHeader.KERNEL_GEN_OFFSET, 0);
        a.putInt(ZbufHeader.KERNEL_LEN_OFFSET, -1);
        assertThat(slots.canFree()).as("user_gen 0 acknowledges nothing: the kernel handed over generation 1").isFalse();
        ZbufHeader.releaseUserGen(a, 1);
        assertThat(slots.canFree()).isTrue();
        slots.reclaimIfAcknowledged();
        slots.storeLength(8);
        slots.rotate();
        b.putInt(ZbufHeader.KERNEL_GEN_OFFSET, 77);
        ZbufHeader.releaseUserGen(b, 1);
        assertThat(slots.canFree()).as("user_gen 1 acknowledges B's generation 1").isTrue();
        slots.reclaimIfAcknowledged();
        slots.storeLength(16);
        slots.rotate();
        assertThat(ZbufHeader.acquireKernelGen(a)).as("A's second hand-off, whatever was scribbled").isEqualTo(2);
    }
}
