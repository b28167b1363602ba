package io.zbuf.shm.daemon;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedMappingTest {
    @TempDir
    Path dir;

    @Test
    void regionsAreMappedAsFarAsTheFileReaches() throws Exception {
        Path file = file(12288);
        SharedMapping mapping = SharedMapping.open(file);
        BpfZbuf zbuf = mapping.zbuf(0, 8192, 8192);
        assertThat(zbuf.bufA().capacity()).isEqualTo(8192);
        assertThat(zbuf.bufB().capacity()).isEqualTo(4096);
        assertThat(zbuf.bufLen()).isEqualTo(8192);
        zbuf.bufA().put(1, (byte) 7);
        assertThat(Files.readAllBytes(file)[1]).isEqualTo((byte) 7);
        assertThat(mapping.zbuf(-1, 0, -5).bufA()).isNull();
        assertThat(mapping.zbuf(0, -1, 4096).bufB()).isNull();
        assertThat(mapping.zbuf(0, 0, -5).bufA().capacity()).isZero();
        assertThat(mapping.file()).isEqualTo(file);
        assertThat(Files.size(file)).isEqualTo(12288);
        mapping.unmap();
    }

    @Test
    void offsetsOutsideTheFileAreFaults() throws Exception {
        SharedMapping mapping = SharedMapping.open(file(4096));
        for (long offset : new long[] {4096, 1 << 20, -2}) {
            assertThatThrownBy(() -> mapping.zbuf(offset, 0, 4096)).isInstanceOf(BpfException.class)
                    .hasMessageContaining("buffer A").satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EFAULT));
            assertThatThrownBy(() -> mapping.zbuf(0, offset, 4096)).hasMessageContaining("buffer B");
        }
        mapping.close();
        assertThatThrownBy(() -> mapping.zbuf(0, 0, 4096)).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EFAULT));
    }

    @Test
    void aTruncatedFileNoLongerBacksTheMapping() throws Exception {
        Path file = file(8192);
        SharedMapping mapping = SharedMapping.open(file);
        assertThat(mapping.intact()).isTrue();
        mapping.zbuf(0, 4096, 4096);
        assertThat(mapping.intact()).isTrue();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(8191);
        }
        assertThat(mapping.intact()).isFalse();
        mapping.unmap();
        assertThat(mapping.intact()).isFalse();
    }

    @Test
    void aMissingFileOrASymbolicLinkCannotBeOpened() throws Exception {
        assertThatThrownBy(() -> SharedMapping.open(dir.resolve("missing"))).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENOENT));
        Path link = Files.createSymbolicLink(dir.resolve("link"), file(4096));
        assertThatThrownBy(() -> SharedMapping.open(link)).isInstanceOf(BpfException.class);
    }

    private Path file(int length) throws Exception {
        Path file = Files.createTempFile(dir, "zbuf-", "");
        Files.write(file, new byte[length]);
        return file;
    }
}
