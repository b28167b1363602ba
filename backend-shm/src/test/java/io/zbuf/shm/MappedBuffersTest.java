package io.zbuf.shm;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappedBuffersTest {
    @Test
    void aViewStartsWhereItsParentStartsPlusItsOffset() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        assertThat(MappedBuffers.address(direct.slice(10, 5)) - MappedBuffers.address(direct)).isEqualTo(10);
        assertThat(MappedBuffers.address(direct.duplicate())).isEqualTo(MappedBuffers.address(direct));
        assertThatThrownBy(() -> MappedBuffers.address(ByteBuffer.allocate(8))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAMappingItselfCanBeUnmapped() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        assertThatThrownBy(() -> MappedBuffers.unmap(direct.slice(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }
}
