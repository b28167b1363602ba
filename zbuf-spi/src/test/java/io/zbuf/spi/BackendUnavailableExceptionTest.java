package io.zbuf.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackendUnavailableExceptionTest {
    @Test
    void namesTheBackendAndTheCause() {
        Throwable cause = new UnsupportedOperationException("not FreeBSD");
        assertThat(new BackendUnavailableException("freebsd", cause))
                .isInstanceOf(RuntimeException.class)
                .hasMessage("backend freebsd is unavailable: not FreeBSD")
                .cause().isSameAs(cause);
    }

    @Test
    void saysSoWhenNoCauseIsGiven() {
        assertThat(new BackendUnavailableException("shm", null))
                .hasMessage("backend shm is unavailable: no reason given").hasNoCause();
    }
}
