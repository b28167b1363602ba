package io.zbuf.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CorruptBufferExceptionTest {
    @Test
    void namesTheBufferTheOffsetAndTheProblem() {
        CorruptBufferException e = new CorruptBufferException("B", 4_294_967_328L, "bh_hdrlen 3 is below 26");
        assertThat(e.buffer()).isEqualTo("B");
        assertThat(e.offset()).isEqualTo(4_294_967_328L);
        assertThat(e).isInstanceOf(RuntimeException.class)
                .hasMessage("corrupt zero-copy buffer B at offset 4294967328: bh_hdrlen 3 is below 26");
    }
}
