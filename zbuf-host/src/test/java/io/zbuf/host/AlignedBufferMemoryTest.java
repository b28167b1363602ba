package io.zbuf.host;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlignedBufferMemoryTest {
    @ParameterizedTest
    @ValueSource(ints = {4096, 16384})
    void givesZeroedPageAlignedDirectBuffersOfTheLengthAsked(int pageSize) throws BpfException {
        AlignedBufferMemory memory = new AlignedBufferMemory(pageSize);
        ByteBuffer buffer = memory.allocate(3 * pageSize);
        assertThat(memory.pageSize()).isEqualTo(pageSize);
        assertThat(buffer.isDirect()).isTrue();
        assertThat(buffer.capacity()).isEqualTo(3 * pageSize);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.alignmentOffset(0, pageSize)).isZero();
        for (int i = 0; i < buffer.capacity(); i++) {
            assertThat(buffer.get(i)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -4096, 100, 4097})
    void refusesLengthsThatAreNotWholePages(int length) {
        assertThatThrownBy(() -> new AlignedBufferMemory(4096).allocate(length))
                .isInstanceOf(BpfException.class).hasMessageContaining(String.valueOf(length))
                .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EINVAL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -4096, 4095, 6000})
    void refusesPageSizesThatAreNotPowersOfTwo(int pageSize) {
        assertThatThrownBy(() -> new AlignedBufferMemory(pageSize)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(pageSize));
    }
}
