package io.zbuf.shm;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShmBufferMemoryTest {
    @TempDir
    Path dir;

    @Test
    void buffersAreConsecutiveZeroedPageAlignedRegionsOfTheFile() throws Exception {
        ShmBufferMemory memory = memory();
        ByteBuffer a = memory.allocate(8192);
        ByteBuffer b = memory.allocate(4096);
        assertThat(memory.pageSize()).isEqualTo(4096);
        assertThat(memory.offsetOf(a)).isZero();
        assertThat(memory.offsetOf(b)).isEqualTo(8192);
        assertThat(Files.size(memory.file())).isEqualTo(12288);
        assertThat(a.capacity()).isEqualTo(8192);
        assertThat(a.isDirect()).isTrue();
        assertThat(a.alignmentOffset(0, 4096)).isZero();
        for (int i = 0; i < a.capacity(); i++) {
            assertThat(a.get(i)).isZero();
        }
        b.put(5, (byte) 42);
        assertThat(Files.readAllBytes(memory.file())[8192 + 5]).isEqualTo((byte) 42);
        memory.release();
    }

    @Test
    void itsBuffersAndTheirViewsHaveOffsetsOthersNone() throws Exception {
        ShmBufferMemory memory = memory();
        ByteBuffer a = memory.allocate(4096);
        ByteBuffer b = memory.allocate(4096);
        assertThat(memory.offsetOf(a.duplicate())).isZero();
        assertThat(memory.offsetOf(a.slice(8, 100))).isEqualTo(8);
        assertThat(memory.offsetOf(a.slice(4095, 1))).isEqualTo(4095);
        assertThat(memory.offsetOf(b.slice(16, 16))).isEqualTo(4096 + 16);
        assertThat(memory.offsetOf(ByteBuffer.allocateDirect(4096))).isEqualTo(-1);
        assertThat(memory.offsetOf(ByteBuffer.allocate(4096))).isEqualTo(-1);
        assertThat(memory.offsetOf(null)).isEqualTo(-1);
        memory.release();
    }

    @Test
    void lengthsThatAreNotWholePagesAreInvalid() throws Exception {
        ShmBufferMemory memory = memory();
        for (int length : new int[] {0, -4096, 100, 4097}) {
            assertThatThrownBy(() -> memory.allocate(length)).isInstanceOf(BpfException.class)
                    .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EINVAL));
        }
        memory.release();
    }

    @Test
    void releaseRemovesTheFileAndLaterAllocationsFail() throws Exception {
        ShmBufferMemory memory = memory();
        ByteBuffer a = memory.allocate(4096);
        memory.release();
        assertThat(memory.file()).doesNotExist();
        a.put(0, (byte) 1);
        assertThat(a.get(0)).isEqualTo((byte) 1);
        assertThatThrownBy(() -> memory.allocate(4096)).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENOMEM));
        memory.release();
    }

    @Test
    void thePageSizeIsAPowerOfTwo() throws Exception {
        SharedFiles.Created created = new SharedFiles(dir).create();
        assertThatThrownBy(() -> new ShmBufferMemory(created.path(), created.channel(), 3000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShmBufferMemory(created.path(), created.channel(), 0)).isInstanceOf(IllegalArgumentException.class);
        created.channel().close();
    }

    private ShmBufferMemory memory() throws Exception {
        SharedFiles.Created created = new SharedFiles(dir).create();
        return new ShmBufferMemory(created.path(), created.channel(), 4096);
    }
}
