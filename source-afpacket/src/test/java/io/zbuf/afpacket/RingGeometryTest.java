package io.zbuf.afpacket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shape of a ring and the request that asks for it. */
class RingGeometryTest {
    @Test
    void theDefaultIsSixteenBlocksOf256KiB() {
        assertThat(RingGeometry.DEFAULT).isEqualTo(new RingGeometry(262_144, 16, 10));
        assertThat(RingGeometry.DEFAULT.ringSize()).isEqualTo(4 << 20);
        assertThat(RingGeometry.DEFAULT).hasToString("16 blocks of 256 KiB, 10 ms");
    }

    @Test
    void oneFramePerBlockKeepsTheRequestConsistent() {
        RingGeometry geometry = RingGeometry.of(1 << 20, 64 * 1024, 5);
        assertThat(geometry.blockCount()).isEqualTo(16);
        assertThat(geometry.frameSize()).isEqualTo(geometry.blockSize());
        assertThat(geometry.frameCount()).isEqualTo(geometry.blockCount());
        assertThat(geometry.frameSize() % 16).as("TPACKET_ALIGNMENT").isZero();
    }

    @Test
    void theLimitsAreInclusive() {
        assertThatCode(() -> new RingGeometry(RingGeometry.MINIMUM_BLOCK_SIZE, 2, 1)).doesNotThrowAnyException();
        assertThatCode(() -> new RingGeometry(1 << 29, 2, 60_000)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new RingGeometry((1 << 29) + 4096, 2, 10)).hasMessageContaining("at most 1 GiB");
        assertThatThrownBy(() -> new RingGeometry(1 << 20, 2048, 10)).as("no int overflow").hasMessageContaining("at most 1 GiB");
        assertThatThrownBy(() -> new RingGeometry(4096, 1, 10)).hasMessageContaining("2 blocks or more");
        assertThatThrownBy(() -> RingGeometry.of(4096, 0, 10)).hasMessage("ring=4096 is not a whole number of blocks of 0 bytes");
    }

    @Test
    void blocksMustBeWholePages() {
        RingGeometry geometry = new RingGeometry(8192, 2, 10);
        assertThatCode(() -> geometry.requirePageMultiple(4096)).doesNotThrowAnyException();
        assertThatCode(() -> geometry.requirePageMultiple(8192)).doesNotThrowAnyException();
        assertThatThrownBy(() -> geometry.requirePageMultiple(16384)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block=8192 is not a multiple of the page size, 16384 bytes");
        assertThatThrownBy(() -> new RingGeometry(6000, 2, 10).requirePageMultiple(4096)).hasMessageContaining("block=6000");
    }
}
