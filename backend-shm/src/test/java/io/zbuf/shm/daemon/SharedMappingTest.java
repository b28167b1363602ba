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
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void regionsWithinTheFileAreMappedForTheLength() throws Exception {
        Path file = file(12288);
        SharedMapping mapping = SharedMapping.open(file);
        BpfZbuf zbuf = mapping.zbuf(0, 8192, 4096, PAGE);
        assertThat(zbuf.bufA().capacity()).isEqualTo(4096);
        assertThat(zbuf.bufB().capacity()).isEqualTo(4096);
        assertThat(zbuf.bufLen()).isEqualTo(4096);
        zbuf.bufA().put(1, (byte) 7);
        assertThat(Files.readAllBytes(file)[1]).isEqualTo((byte) 7);
        assertThat(mapping.zbuf(-1, 0, -5, PAGE).bufA()).as("NULL: for the kernel side to refuse").isNull();
        assertThat(mapping.zbuf(0, -1, 4096, PAGE).bufB()).isNull();
        assertThat(mapping.file()).isEqualTo(file);
        assertThat(Files.size(file)).isEqualTo(12288);
        mapping.unmap();
    }

    /** What is checked before anything is mapped, in the kernel's words where it has them. */
    @Test
    void aRequestIsCheckedBeforeAnythingIsMapped() throws Exception {
        SharedMapping mapping = SharedMapping.open(file(12288));
        assertThat(errno(() -> mapping.zbuf(0, 4096, 0, PAGE))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> mapping.zbuf(0, 4096, 4095, PAGE))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> mapping.zbuf(0, 4096, -4096, PAGE))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> mapping.zbuf(0, 4096, 513L * PAGE, PAGE))).isEqualTo(Errno.EINVAL);
        assertThatThrownBy(() -> mapping.zbuf(100, 4096, 4096, PAGE)).hasMessageContaining("buffer A").hasMessageContaining("page-aligned");
        assertThatThrownBy(() -> mapping.zbuf(0, 4097, 4096, PAGE)).hasMessageContaining("buffer B").hasMessageContaining("page-aligned");
        assertThat(errno(() -> mapping.zbuf(4096, 0, 12288, PAGE))).as("reaches past the end").isEqualTo(Errno.EFAULT);
        assertThat(errno(() -> mapping.zbuf(0, 8192, 8192, PAGE))).isEqualTo(Errno.EFAULT);
        assertThat(mapping.zbuf(0, 8192, 4096, PAGE).bufB()).as("exactly up to the end").isNotNull();
        mapping.unmap();
    }

    @Test
    void offsetsOutsideTheFileAreFaults() throws Exception {
        SharedMapping mapping = SharedMapping.open(file(4096));
        for (long offset : new long[] {4096, 1 << 20, -4096, Long.MAX_VALUE & -4096}) {
            assertThatThrownBy(() -> mapping.zbuf(offset, 0, 4096, PAGE)).isInstanceOf(BpfException.class)
                    .hasMessageContaining("buffer A").satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EFAULT));
            assertThatThrownBy(() -> mapping.zbuf(0, offset, 4096, PAGE)).hasMessageContaining("buffer B");
        }
        mapping.close();
        assertThatThrownBy(() -> mapping.zbuf(0, 0, 4096, PAGE)).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EFAULT));
    }

    /** A pair the kernel side refused is unmapped; what is still mapped alone decides whether the file backs it. */
    @Test
    void aReleasedPairIsNoLongerMapped() throws Exception {
        Path file = file(16384);
        SharedMapping mapping = SharedMapping.open(file);
        BpfZbuf kept = mapping.zbuf(0, 4096, 4096, PAGE);
        BpfZbuf refused = mapping.zbuf(8192, 12288, 4096, PAGE);
        mapping.release(refused);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(8192);
        }
        assertThat(mapping.intact()).as("only the released pair lay beyond").isTrue();
        kept.bufA().put(0, (byte) 1);
        mapping.release(new BpfZbuf(null, null, 0));
        mapping.unmap();
    }

    private static Errno errno(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        BpfException e = org.assertj.core.api.Assertions.catchThrowableOfType(call, BpfException.class);
        assertThat(e).as("refused").isNotNull();
        return e.errno();
    }

    @Test
    void aTruncatedFileNoLongerBacksTheMapping() throws Exception {
        Path file = file(8192);
        SharedMapping mapping = SharedMapping.open(file);
        assertThat(mapping.intact()).isTrue();
        mapping.zbuf(0, 4096, 4096, PAGE);
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
