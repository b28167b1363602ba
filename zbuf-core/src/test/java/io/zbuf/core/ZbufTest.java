package io.zbuf.core;

import io.zbuf.core.user.CaptureConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZbufTest {
    @Test
    void theRegistryIsBuiltOnce() {
        assertThat(Zbuf.backends()).isSameAs(Zbuf.backends());
    }

    @Test
    void openingAnUnknownBackendNamesIt() {
        assertThatThrownBy(() -> Zbuf.open("nope", CaptureConfig.builder().interfaceName("x0").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }
}
