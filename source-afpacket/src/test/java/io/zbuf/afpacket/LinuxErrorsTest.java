package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import io.zbuf.afpacket.libc.LinuxErrno;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Linux's errno as zbuf reports it. */
class LinuxErrorsTest {
    @ParameterizedTest
    @EnumSource(LinuxErrno.class)
    void everyKnownErrnoHasItsCodeAndAFreeBsdCounterpart(LinuxErrno errno) {
        assertThat(LinuxErrno.ofCode(errno.code())).isSameAs(errno);
        assertThat(errno.description()).isNotBlank().isLowerCase();
        BpfException error = LinuxErrors.of("read", "eth0", new LastErrorException(errno.code()));
        assertThat(error.errno()).isEqualTo(errno.reported());
        assertThat(error).hasMessage("read eth0: " + errno.description() + " (" + errno.reported().name() + ")");
    }

    @Test
    void linuxNumbersDifferFromFreeBsdsWhereTheyDo() {
        assertThat(LinuxErrno.EAGAIN.code()).isEqualTo(11);
        assertThat(LinuxErrno.EAGAIN.reported()).isEqualTo(Errno.EAGAIN);
        assertThat(LinuxErrno.EOPNOTSUPP.code()).isEqualTo(95);
        assertThat(LinuxErrno.ENETDOWN.reported()).isEqualTo(Errno.ENXIO);
        assertThat(LinuxErrno.ENODEV.reported()).isEqualTo(Errno.ENXIO);
        assertThat(LinuxErrno.ofCode(0)).isNull();
        assertThat(LinuxErrno.ofCode(3)).isNull();
    }

    @Test
    void anUnknownErrnoIsAnIoErrorNamingItsNumber() {
        BpfException error = LinuxErrors.of("poll", null, new LastErrorException(4242));
        assertThat(error.errno()).isEqualTo(Errno.EIO);
        assertThat(error).hasMessage("poll: failed with Linux errno 4242, which zbuf does not know (EIO)");
        assertThat(error.getCause()).isInstanceOf(LastErrorException.class);
    }

    @Test
    void thePrivilegeAdviceNamesThisJava() {
        assertThat(LinuxErrors.privilegeAdvice()).contains(System.getProperty("java.home"), "setcap cap_net_raw+ep", "run as root",
                "zbuf kernel --live", "zbuf capture -b shm");
        assertThat(LinuxErrors.sentence("socket", "AF_PACKET", LinuxErrno.EACCES.code())).isEqualTo("socket AF_PACKET: " + LinuxErrors.privilegeAdvice());
    }
}
