package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import io.zbuf.afpacket.AfPacketAvailability.Probe;
import io.zbuf.afpacket.libc.LinuxErrno;
import io.zbuf.afpacket.libc.LinuxLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Whether live capture can work, and the cause when it cannot. */
class AfPacketAvailabilityTest {
    private final LinuxLibc libc = mock(LinuxLibc.class);

    @Test
    void offLinuxTheCauseNamesTheSystem() {
        Probe probe = AfPacketAvailability.probe("FreeBSD", () -> 8, () -> libc);
        assertThat(probe.libc()).isNull();
        assertThat(probe.cause()).hasMessage("live capture reads Linux's AF_PACKET sockets; this is FreeBSD (EOPNOTSUPP)");
        assertThat(probe.cause().errno()).isEqualTo(Errno.EOPNOTSUPP);
        verifyNoInteractions(libc);
    }

    @Test
    void aThirtyTwoBitJvmIsNotSupported() {
        Probe probe = AfPacketAvailability.probe("Linux", () -> 4, () -> libc);
        assertThat(probe.cause()).hasMessageContaining("64-bit JVM").hasMessageContaining("4-byte pointers");
        verifyNoInteractions(libc);
    }

    @Test
    void aCLibraryThatCannotBeBoundIsTheCause() {
        Probe probe = AfPacketAvailability.probe("Linux", () -> 8, () -> {
            throw new UnsatisfiedLinkError("no libc");
        });
        assertThat(probe.cause()).hasMessage("live capture cannot bind the C library through JNA: no libc (EOPNOTSUPP)")
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
    }

    @Test
    void withoutCapNetRawTheCauseSaysWhatToDo() {
        when(libc.socket(anyInt(), anyInt(), anyInt())).thenThrow(new LastErrorException(LinuxErrno.EPERM.code()));
        Probe probe = AfPacketAvailability.probe("Linux", () -> 8, () -> libc);
        assertThat(probe.libc()).isSameAs(libc);
        assertThat(probe.errno()).isEqualTo(Errno.EPERM);
        assertThat(probe.cause()).hasMessage("socket AF_PACKET: " + LinuxErrors.privilegeAdvice() + " (EPERM)")
                .hasCauseInstanceOf(LastErrorException.class);
        assertThatThrownBy(probe::ensureAvailable).isInstanceOf(BpfException.class).hasMessageContaining("CAP_NET_RAW");
        assertThat(probe.cause()).as("a fresh exception each time").isNotSameAs(probe.cause());
    }

    @Test
    void aPacketSocketThatOpensMeansAvailableAndIsClosedAtOnce() {
        when(libc.socket(LinuxLibc.AF_PACKET, LinuxLibc.SOCK_RAW | LinuxLibc.SOCK_CLOEXEC, 0)).thenReturn(17);
        Probe probe = AfPacketAvailability.probe("Linux", () -> 8, () -> libc);
        assertThat(probe.cause()).isNull();
        assertThat(probe.errno()).isNull();
        assertThatCode(probe::ensureAvailable).doesNotThrowAnyException();
        verify(libc).close(17);
    }

    @Test
    void thisMachineAsTheTestsRunIt() throws BpfException {
        // the tests run as root on Linux (CI does; the live tests fail naming what they need otherwise)
        assertThat(AfPacketAvailability.unavailabilityCause()).isNull();
        assertThat(AfPacketAvailability.isAvailable()).isTrue();
        AfPacketAvailability.ensureAvailability();
        assertThat(AfPacketAvailability.libc()).isNotNull();
        assertThat(LinuxInterfaces.names()).contains("lo");
    }
}
