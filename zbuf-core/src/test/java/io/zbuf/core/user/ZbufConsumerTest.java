package io.zbuf.core.user;

import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZbufConsumerTest {
    private static final int BUF_LEN = 4096;

    private final TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
    private final ZbufConsumer consumer = new ZbufConsumer(kernel.zbuf, TimestampFormat.MICROTIME);

    @Test
    void startsExpectingAAndFindsNothingWhileTheKernelOwnsBoth() {
        assertThat(consumer.expected()).isEqualTo(ZbufId.A);
        assertThat(consumer.poll()).isNull();
        assertThat(consumer.expected()).isEqualTo(ZbufId.A);
    }

    @Test
    void takesAHandedOverBufferAndReturnsTheSameOneUntilAcknowledged() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(60, 1));
        int length = kernel.handOver(ZbufId.A);

        HeldBuffer held = consumer.poll();

        assertThat(held).isNotNull();
        assertThat(held.id()).isEqualTo(ZbufId.A);
        assertThat(held.length()).isEqualTo(length);
        assertThat(consumer.poll()).isSameAs(held);
        assertThat(consumer.expected()).isEqualTo(ZbufId.A);
        assertThat(kernel.kernelOwns(ZbufId.A)).isFalse();
    }

    @Test
    void acknowledgingCopiesKernelGenIntoUserGenAndMovesOnToTheOtherBuffer() {
        kernel.handOver(ZbufId.A);
        kernel.handOver(ZbufId.A);
        HeldBuffer held = consumer.poll();

        held.acknowledge();

        assertThat(kernel.userGen(ZbufId.A)).isEqualTo(2);
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        assertThat(consumer.expected()).isEqualTo(ZbufId.B);
        assertThat(consumer.poll()).isNull();
    }

    @Test
    void alternatesStrictlyAndNeverTakesTheUnexpectedBuffer() {
        kernel.handOver(ZbufId.B);
        assertThat(consumer.poll()).as("B is not expected before A").isNull();

        kernel.handOver(ZbufId.A);
        HeldBuffer first = consumer.poll();
        assertThat(first.id()).isEqualTo(ZbufId.A);
        first.acknowledge();

        HeldBuffer second = consumer.poll();
        assertThat(second.id()).isEqualTo(ZbufId.B);
        second.acknowledge();
        assertThat(consumer.expected()).isEqualTo(ZbufId.A);

        kernel.handOver(ZbufId.A);
        assertThat(consumer.poll()).isSameAs(first);
    }

    @Test
    void takesBothBuffersOwnedAfterABuffullInOrderAThenB() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(100, 1));
        kernel.handOver(ZbufId.A);
        kernel.record(ZbufId.B, TestZbufWriter.packet(200, 2));
        kernel.handOver(ZbufId.B);

        HeldBuffer a = consumer.poll();
        assertThat(a.id()).isEqualTo(ZbufId.A);
        assertThat(a.forEach(record -> assertThat(record.caplen()).isEqualTo(100))).isEqualTo(1);
        assertThat(consumer.poll()).isSameAs(a);
        a.acknowledge();

        HeldBuffer b = consumer.poll();
        assertThat(b.id()).isEqualTo(ZbufId.B);
        assertThat(b.forEach(record -> assertThat(record.caplen()).isEqualTo(200))).isEqualTo(1);
        b.acknowledge();

        assertThat(consumer.poll()).isNull();
        assertThat(kernel.kernelOwns(ZbufId.A)).isTrue();
        assertThat(kernel.kernelOwns(ZbufId.B)).isTrue();
    }

    @Test
    void generationsWrapAroundAt2To32() {
        kernel.generations(ZbufId.A, 0xFFFF_FFFF, 0xFFFF_FFFF);
        kernel.generations(ZbufId.B, 0xFFFF_FFFF, 0xFFFF_FFFF);
        assertThat(consumer.poll()).isNull();

        kernel.handOver(ZbufId.A);
        assertThat(kernel.kernelGen(ZbufId.A)).isZero();
        HeldBuffer held = consumer.poll();
        assertThat(held.id()).isEqualTo(ZbufId.A);
        held.acknowledge();
        assertThat(kernel.userGen(ZbufId.A)).isZero();

        kernel.handOver(ZbufId.B);
        consumer.poll().acknowledge();
        assertThat(kernel.userGen(ZbufId.B)).isZero();
        assertThat(consumer.poll()).isNull();
    }

    @Test
    void aHeldBufferKeepsItsSnapshotWhateverTheKernelWritesUntilAcknowledged() {
        kernel.record(ZbufId.A, TestZbufWriter.packet(60, 1));
        int length = kernel.handOver(ZbufId.A);
        HeldBuffer held = consumer.poll();

        kernel.handOver(ZbufId.A, 7);
        assertThat(consumer.poll()).isSameAs(held);
        assertThat(held.length()).isEqualTo(length);
        kernel.generations(ZbufId.A, 0, 0);
        assertThat(consumer.poll()).isSameAs(held);

        held.acknowledge();
        assertThat(kernel.userGen(ZbufId.A)).as("acknowledges the generation it took").isOne();
    }

    @Test
    void aGenerationThatMovedBackwardsStillCountsAsAHandOver() {
        kernel.generations(ZbufId.A, 5, 7);

        assertThat(consumer.poll()).isNotNull();
    }

    @Test
    void refusesBufferLengthsWithoutRoomForRecordsOrBeyondAnInt() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        assertThatThrownBy(() -> new ZbufConsumer(new BpfZbuf(direct, direct, 32), TimestampFormat.NANOTIME))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bz_buflen 32");
        assertThat(new ZbufConsumer(new BpfZbuf(direct, direct, 33), TimestampFormat.NANOTIME).poll()).isNull();
        assertThatThrownBy(() -> new ZbufConsumer(new BpfZbuf(direct, direct, ZbufConsumer.MAX_BUFFER_LENGTH),
            TimestampFormat.NANOTIME)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("buffer A holds 64 bytes, fewer than bz_buflen 2147483640");
        long tooLong = ZbufConsumer.MAX_BUFFER_LENGTH + 1L;
        assertThatThrownBy(() -> new ZbufConsumer(new BpfZbuf(direct, direct, tooLong), TimestampFormat.NANOTIME))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bz_buflen " + tooLong);
        assertThat(ZbufConsumer.MAX_BUFFER_LENGTH).isEqualTo(Integer.MAX_VALUE - 7);
    }

    @Test
    void refusesMissingHeapOrShortBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(BUF_LEN);
        assertThatThrownBy(() -> new ZbufConsumer(new BpfZbuf(null, direct, BUF_LEN), TimestampFormat.MICROTIME))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer A must be a direct ByteBuffer");
        assertThatThrownBy(() -> new ZbufConsumer(new BpfZbuf(direct, ByteBuffer.allocate(BUF_LEN), BUF_LEN), TimestampFormat.MICROTIME))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer B must be a direct ByteBuffer");
        assertThatThrownBy(() -> new ZbufConsumer(new BpfZbuf(direct, ByteBuffer.allocateDirect(BUF_LEN - 1), BUF_LEN),
            TimestampFormat.MICROTIME))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer B holds 4095 bytes, fewer than bz_buflen 4096");
        assertThatThrownBy(() -> new ZbufConsumer(kernel.zbuf, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void ignoresThePositionLimitAndByteOrderOfTheLentBuffers() {
        ByteBuffer a = ByteBuffer.allocateDirect(BUF_LEN);
        ByteBuffer b = ByteBuffer.allocateDirect(BUF_LEN);
        a.position(100).limit(200);
        ZbufConsumer shifted = new ZbufConsumer(new BpfZbuf(a, b, BUF_LEN), TimestampFormat.MICROTIME);
        io.zbuf.core.layout.ZbufHeader.kernelLen(a, 0);
        io.zbuf.core.layout.ZbufHeader.releaseKernelGen(a, 1);

        HeldBuffer held = shifted.poll();

        assertThat(held.length()).isZero();
        assertThat(held.forEach(record -> { })).isZero();
    }
}
