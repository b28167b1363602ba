package io.zbuf.afpacket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The names {@code if_nameindex} lists. */
class LinuxInterfacesTest {
    @Test
    void listsTheNamesInTheKernelsOrderAndFreesTheTable() {
        MockLinux linux = new MockLinux("lo", "veth-a", "veth-b");
        assertThat(LinuxInterfaces.names(linux.libc)).containsExactly("lo", "veth-a", "veth-b");
        verify(linux.libc).if_freenameindex(any());
    }

    @Test
    void noTableIsNoName() {
        MockLinux linux = new MockLinux("lo");
        when(linux.libc.if_nameindex()).thenReturn(null);
        assertThat(LinuxInterfaces.names(linux.libc)).isEmpty();
        verify(linux.libc, never()).if_freenameindex(any());
    }
}
