package io.zbuf.freebsd;

import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BackendUnavailableException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verifyNoInteractions;

class FreeBsdBackendTest {
    @Test
    void serviceLoaderFindsItUnavailableOnLinuxWithTheProbesCause() {
        Backend backend = ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.name().equals("freebsd")).findFirst().orElseThrow();
        assertThat(backend).isInstanceOf(FreeBsdBackend.class);
        assertThat(backend.isAvailable()).isFalse();
        assertThat(backend.unavailabilityCause()).isSameAs(FreeBsdAvailability.unavailabilityCause());
        assertThat(backend.description()).contains("/dev/bpf");
        assertThatThrownBy(backend::open).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("needs FreeBSD's /dev/bpf; this is Linux");
        assertThatThrownBy(backend::interfaces).isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void onAFreeBsdLibcWithZerocopyOffItIsUnavailableAndOpensNothing() {
        BsdLibc libc = MockLibc.freeBsd(0);
        FreeBsdBackend backend = new FreeBsdBackend(libc);
        assertThat(backend.isAvailable()).isFalse();
        assertThat(backend.unavailabilityCause()).hasMessageContaining("sysctl net.bpf.zerocopy_enable=1");
        org.mockito.Mockito.clearInvocations(libc);
        assertThatThrownBy(backend::open).isInstanceOf(BackendUnavailableException.class);
        verifyNoInteractions(libc);
    }

    @Test
    void interfacesAreTheMachinesAndCannotBeCreated() {
        FreeBsdBackend backend = new FreeBsdBackend(MockLibc.freeBsd(1));
        assertThat(backend.name()).isEqualTo("freebsd");
        assertThat(backend.isAvailable()).isTrue();
        assertThat(backend.unavailabilityCause()).isNull();
        assertThatThrownBy(() -> backend.createInterface("sim1", "synthetic"))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }
}
