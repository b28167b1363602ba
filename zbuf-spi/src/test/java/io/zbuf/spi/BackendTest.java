package io.zbuf.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.zbuf.spi.BpfErrors.assertBpfError;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default methods of {@link Backend}, on a backend that implements only what it must. */
class BackendTest {
    /** A backend that is available exactly when it has no cause for being unavailable. */
    private record FixedBackend(Throwable unavailabilityCause) implements Backend {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public String description() {
            return "a backend for testing the defaults";
        }

        @Override
        public boolean isAvailable() {
            return unavailabilityCause == null;
        }

        @Override
        public Device open() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> interfaces() {
            return List.of();
        }
    }

    @Test
    void ensureAvailabilityPassesWhenAvailable() {
        assertThatCode(() -> new FixedBackend(null).ensureAvailability()).doesNotThrowAnyException();
    }

    @Test
    void ensureAvailabilityThrowsWithTheCauseWhenUnavailable() {
        Throwable cause = new UnsatisfiedLinkError("no libc");
        assertThatThrownBy(() -> new FixedBackend(cause).ensureAvailability())
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("backend fixed is unavailable: no libc")
                .cause().isSameAs(cause);
    }

    @Test
    void createInterfaceIsEopnotsuppUnlessTheBackendHostsItsInterfaces() {
        assertBpfError(() -> new FixedBackend(null).createInterface("sim0", "synthetic:size=64"), Errno.EOPNOTSUPP)
                .hasMessage("backend fixed cannot create interface sim0: its interfaces are the machine's own (EOPNOTSUPP)");
    }
}
