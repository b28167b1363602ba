package io.zbuf.core.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code struct bpf_zbuf_header} against ../shared/docs/protocol.md section 2. */
class ZbufHeaderTest {
    private static final byte GARBAGE = (byte) 0xA5;

    @Test
    void layoutIsFreeBsds() {
        assertThat(ZbufHeader.KERNEL_GEN_OFFSET).isZero();
        assertThat(ZbufHeader.KERNEL_LEN_OFFSET).isEqualTo(4);
        assertThat(ZbufHeader.USER_GEN_OFFSET).isEqualTo(8);
        assertThat(ZbufHeader.PADDING_OFFSET).isEqualTo(12);
        assertThat(ZbufHeader.LENGTH).isEqualTo(32);
    }

    @ParameterizedTest(name = "buffer object in {0} order")
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void fieldsAreNativeOrderWordsAtTheirOffsetsWhateverTheBuffersOrder(String order) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64).order("BIG_ENDIAN".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ByteBuffer inNativeOrder = buffer.duplicate().order(ByteOrder.nativeOrder());

        ZbufHeader.kernelLen(buffer, 0x01020304);
        ZbufHeader.releaseKernelGen(buffer, 0x11121314);
        ZbufHeader.releaseUserGen(buffer, 0x21222324);

        assertThat(inNativeOrder.getInt(0)).isEqualTo(0x11121314);
        assertThat(inNativeOrder.getInt(4)).isEqualTo(0x01020304);
        assertThat(inNativeOrder.getInt(8)).isEqualTo(0x21222324);
        assertThat(ZbufHeader.kernelGen(buffer)).isEqualTo(0x11121314);
        assertThat(ZbufHeader.acquireKernelGen(buffer)).isEqualTo(0x11121314);
        assertThat(ZbufHeader.kernelLen(buffer)).isEqualTo(0x01020304);
        assertThat(ZbufHeader.userGen(buffer)).isEqualTo(0x21222324);
        assertThat(ZbufHeader.acquireUserGen(buffer)).isEqualTo(0x21222324);
    }

    @Test
    void fieldsIgnoreTheBuffersPositionAndLimit() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        ZbufHeader.releaseUserGen(buffer, 7);
        buffer.position(20).limit(40);
        assertThat(ZbufHeader.userGen(buffer)).isEqualTo(7);
    }

    @Test
    void clearZeroesExactlyTheThirtyTwoBytes() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, GARBAGE);
        }

        ZbufHeader.clear(buffer);

        byte[] expected = new byte[64];
        Arrays.fill(expected, ZbufHeader.LENGTH, expected.length, GARBAGE);
        byte[] actual = new byte[64];
        buffer.get(0, actual);
        assertThat(actual).isEqualTo(expected);
    }
}
