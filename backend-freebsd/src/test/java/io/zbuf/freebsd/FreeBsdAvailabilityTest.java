package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BackendUnavailableException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class FreeBsdAvailabilityTest {
    @Test
    void thisLinuxMachineIsNotFreeBsdAndSaysSo() {
        assertThat(System.getProperty("os.name")).as("these tests run on Linux").isEqualTo("Linux");
        assertThat(FreeBsdAvailability.isAvailable()).isFalse();
        assertThat(FreeBsdAvailability.unavailabilityCause())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("backend freebsd needs FreeBSD's /dev/bpf; this is Linux " + System.getProperty("os.version")
                        + " (os.name=Linux)");
        assertThatThrownBy(FreeBsdAvailability::ensureAvailability)
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageStartingWith("backend freebsd is unavailable: backend freebsd needs FreeBSD's /dev/bpf")
                .hasCauseReference(FreeBsdAvailability.unavailabilityCause());
        assertThat(FreeBsdAvailability.libc()).as("no C library is bound off FreeBSD").isNull();
    }

    @Test
    void anotherOsIsRefusedBeforeAnythingNativeIsTouched() {
        BsdLibc libc = mock(BsdLibc.class);
        FreeBsdAvailability.Probe probe = FreeBsdAvailability.probe("Mac OS X", "14.5", () -> {
            throw new AssertionError("JNA touched");
        }, () -> libc);
        assertThat(probe.libc()).isNull();
        assertThat(probe.cause()).hasMessage("backend freebsd needs FreeBSD's /dev/bpf; this is Mac OS X 14.5 (os.name=Mac OS X)");
        verifyNoInteractions(libc);
    }

    @Test
    void aThirtyTwoBitJvmIsRefused() {
        Throwable cause = FreeBsdAvailability.probe("FreeBSD", "14.1-RELEASE", () -> 4, () -> {
            throw new AssertionError("libc loaded");
        }).cause();
        assertThat(cause).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("needs a 64-bit JVM").hasMessageContaining("4-byte pointers");
    }

    @Test
    void aCLibraryThatCannotBeLoadedIsTheCause() {
        UnsatisfiedLinkError missing = new UnsatisfiedLinkError("libc.so.7 not found");
        assertThat(FreeBsdAvailability.probe("FreeBSD", "14.1-RELEASE", () -> 8, () -> {
            throw missing;
        }).cause()).isSameAs(missing);
    }

    @Test
    void freeBsdWithZerocopyOnAndBpfOpenableIsAvailable() {
        BsdLibc libc = MockLibc.freeBsd(1);
        FreeBsdAvailability.Probe probe = FreeBsdAvailability.probe("FreeBSD", "14.1-RELEASE", () -> 8, () -> libc);
        assertThat(probe.cause()).isNull();
        assertThat(probe.libc()).isSameAs(libc);
        verify(libc).close(MockLibc.FD);
    }

    @Test
    void onFreeBsdTheCauseIsWhatTheDeviceProbeFinds() {
        BsdLibc libc = MockLibc.freeBsd(0);
        FreeBsdAvailability.Probe probe = FreeBsdAvailability.probe("FreeBSD", "14.1-RELEASE", () -> 8, () -> libc);
        assertThat(probe.cause()).hasMessageContaining("net.bpf.zerocopy_enable is 0");
        assertThat(probe.libc()).isSameAs(libc);
    }

    @Test
    void zerocopyOffSaysWhichSysctlToRun() {
        Throwable cause = FreeBsdAvailability.probe(MockLibc.freeBsd(0));
        assertThat(cause).isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("sysctl net.bpf.zerocopy_enable is 0")
                .hasMessageContaining("run `sysctl net.bpf.zerocopy_enable=1` as root");
    }

    @Test
    void bpfNotOpenableSaysHowToGetAccess() {
        BsdLibc libc = mock(BsdLibc.class);
        when(libc.open(anyString(), anyInt())).thenThrow(new LastErrorException(Errno.EACCES.code()));
        Throwable cause = FreeBsdAvailability.probe(libc);
        assertThat(cause).isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES))
                .hasMessageStartingWith("open /dev/bpf: permission denied")
                .hasMessageContaining("add path 'bpf*' mode 0660 group network")
                .hasMessageContaining("service devfs restart");
    }

    @Test
    void aKernelWithoutTheSysctlSaysSo() {
        BsdLibc libc = MockLibc.freeBsd(1);
        org.mockito.Mockito.doThrow(new LastErrorException(Errno.ENOENT.code())).when(libc)
                .sysctlbyname(org.mockito.ArgumentMatchers.eq(Sysctl.ZEROCOPY_ENABLE), org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.anyLong());
        assertThat(FreeBsdAvailability.probe(libc)).hasMessageContaining("no zero-copy BPF");
    }

    @Test
    void aFailingCloseDoesNotMakeBpfUnavailable() {
        BsdLibc libc = MockLibc.freeBsd(1);
        org.mockito.Mockito.doThrow(new LastErrorException(Errno.EIO.code())).when(libc).close(MockLibc.FD);
        assertThat(FreeBsdAvailability.probe(libc)).isNull();
    }
}
