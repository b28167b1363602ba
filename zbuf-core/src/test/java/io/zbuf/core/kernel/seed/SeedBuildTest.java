package io.zbuf.core.kernel.seed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the seed's build says when something it needs is missing. */
@Tag("external-tool")
class SeedBuildTest {
    @Test
    void aMissingSeedSaysWhereFreeBsdPublishesIt(@TempDir Path directory) {
        assertThatThrownBy(() -> SeedBuild.library(directory.resolve("bpf_zerocopy.c"), 4096, "missing"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("sys/net/bpf_zerocopy.c")
            .hasMessageContaining("-Dzbuf.seed=");
    }

    @Test
    void aMissingCompilerSaysWhatToInstall() {
        assertThatThrownBy(() -> SeedBuild.library(SeedBuild.seedSource(), 4096, "no-compiler", "zbuf-no-such-gcc"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("apt-get install -y gcc libc6-dev");
    }

    @Test
    void onlyPageSizesTheHostCanMapApartAreBuilt() {
        assertThatThrownBy(() -> SeedBuild.library(SeedBuild.seedSource(), 2048, "small"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
