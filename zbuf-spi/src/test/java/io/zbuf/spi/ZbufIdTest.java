package io.zbuf.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZbufIdTest {
    /** protocol.md section 3: A is filled first, then strict alternation A, B, A, ... */
    @Test
    void theKernelAlternatesBetweenTheTwoBuffers() {
        assertThat(ZbufId.values()).containsExactly(ZbufId.A, ZbufId.B);
        assertThat(ZbufId.A.other()).isSameAs(ZbufId.B);
        assertThat(ZbufId.B.other()).isSameAs(ZbufId.A);
    }
}
