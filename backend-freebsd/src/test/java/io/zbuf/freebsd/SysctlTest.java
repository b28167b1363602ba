package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

class SysctlTest {
    private final BsdLibc libc = mock(BsdLibc.class);

    @Test
    void readsAFourByteValueOfferingFourBytesOfRoom() throws BpfException {
        doAnswer(call -> {
            Pointer length = call.getArgument(2);
            assertThat(length.getLong(0)).as("room offered").isEqualTo(4);
            assertThat((Pointer) call.getArgument(3)).as("nothing written").isNull();
            assertThat((long) call.getArgument(4)).isZero();
            ((Pointer) call.getArgument(1)).setInt(0, 8192);
            return 0;
        }).when(libc).sysctlbyname(eq("hw.pagesize"), any(), any(), any(), anyLong());
        assertThat(Sysctl.readInt(libc, "hw.pagesize")).isEqualTo(8192);
    }

    @Test
    void aMissingSysctlIsEnoent() {
        doThrow(new LastErrorException(2)).when(libc).sysctlbyname(eq("net.bpf.zerocopy_enable"), any(), any(), any(), anyLong());
        assertThatThrownBy(() -> Sysctl.readInt(libc, "net.bpf.zerocopy_enable"))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessage("sysctl net.bpf.zerocopy_enable: no such sysctl: this kernel has no zero-copy BPF (ENOENT)");
    }

    @Test
    void aValueOfAnotherLengthIsRefused() {
        doAnswer(call -> {
            ((Pointer) call.getArgument(2)).setLong(0, 2);
            return 0;
        }).when(libc).sysctlbyname(eq("kern.short"), any(), any(), any(), anyLong());
        assertThatThrownBy(() -> Sysctl.readInt(libc, "kern.short"))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("expected a 4-byte integer, the kernel gave 2 bytes");
    }
}
