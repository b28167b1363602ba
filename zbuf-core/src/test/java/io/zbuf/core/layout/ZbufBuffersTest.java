package io.zbuf.core.layout;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class ZbufBuffersTest {
    @Test
    void viewStartsAtByteZeroInNativeOrderAndSharesTheMemory() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64).order(ByteOrder.BIG_ENDIAN);
        buffer.position(10).limit(20);

        ByteBuffer view = ZbufBuffers.view(buffer, 48);

        assertThat(view.position()).isZero();
        assertThat(view.limit()).isEqualTo(48);
        assertThat(view.capacity()).isEqualTo(48);
        assertThat(view.order()).isEqualTo(ByteOrder.nativeOrder());
        view.put(0, (byte) 42);
        assertThat(buffer.get(0)).as("shared, not copied").isEqualTo((byte) 42);
        assertThat(buffer.position()).as("the original is untouched").isEqualTo(10);
        assertThat(buffer.limit()).isEqualTo(20);
        assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }
}
