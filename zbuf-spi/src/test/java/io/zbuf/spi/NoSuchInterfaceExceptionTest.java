package io.zbuf.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NoSuchInterfaceExceptionTest {
    @Test
    void namesTheInterfacesThatExist() {
        NoSuchInterfaceException error = new NoSuchInterfaceException("eth0", List.of("sim0", "lo0"));

        assertThat(error.errno()).isEqualTo(Errno.ENXIO);
        assertThat(error.interfaceName()).isEqualTo("eth0");
        assertThat(error.existing()).containsExactly("sim0", "lo0");
        assertThat(error).hasMessage("BIOCSETIF: no interface named eth0; the interfaces are sim0, lo0 (ENXIO)");
    }

    @Test
    void saysWhenThereIsNone() {
        assertThat(new NoSuchInterfaceException("eth0", List.of()))
                .hasMessage("BIOCSETIF: no interface named eth0; there is none (ENXIO)");
    }

    @Test
    void keepsItsOwnCopyOfTheList() {
        List<String> names = new ArrayList<>(List.of("sim0"));
        NoSuchInterfaceException error = new NoSuchInterfaceException("eth0", names);
        names.add("lo0");

        assertThat(error.existing()).containsExactly("sim0");
    }
}
