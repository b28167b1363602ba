package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the structure writers put where (the offsets themselves are checked against Linux's headers). */
class StructuresTest {
    @Test
    void anIfreqCarriesTheNameNulTerminatedAndAZeroUnion() {
        Memory request = Ifreq.named("veth-b");
        assertThat(request.size()).isEqualTo(Ifreq.LENGTH);
        assertThat(request.getString(0)).isEqualTo("veth-b");
        assertThat(Ifreq.unionShort(request)).isZero();
        request.setShort(Ifreq.UNION_OFFSET, (short) 0xFFFF);
        assertThat(Ifreq.unionShort(request)).as("unsigned").isEqualTo(0xFFFF);
        Memory longest = Ifreq.named("abcdefghijklmno");
        assertThat(longest.getByte(15)).isZero();
        assertThat(longest.getString(0)).hasSize(15);
        assertThatThrownBy(() -> Ifreq.named("abcdefghijklmnop")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interface name abcdefghijklmnop is longer than 15 bytes");
        assertThatThrownBy(() -> Ifreq.named("éééééééé")).as("bytes, not characters").isInstanceOf(IllegalArgumentException.class);
        assertThat("ééééééé".getBytes(StandardCharsets.UTF_8)).hasSize(14);
        assertThat(Ifreq.named("ééééééé").getString(0, "UTF-8")).isEqualTo("ééééééé");
    }

    @Test
    void pollfdsAskForInputAndReportUnsigned() {
        Memory fds = Pollfd.readable(3, 9);
        assertThat(fds.size()).isEqualTo(16);
        assertThat(fds.getInt(0)).isEqualTo(3);
        assertThat(fds.getInt(8)).isEqualTo(9);
        assertThat(fds.getShort(Pollfd.EVENTS_OFFSET)).isEqualTo(LinuxLibc.POLLIN);
        fds.setShort(8 + Pollfd.REVENTS_OFFSET, (short) 0x8001);
        assertThat(Pollfd.revents(fds, 1)).isEqualTo(0x8001);
        assertThat(Pollfd.revents(fds, 0)).isZero();
        Pollfd.clearRevents(fds);
        assertThat(Pollfd.revents(fds, 1)).isZero();
        assertThat(fds.getShort(8 + Pollfd.EVENTS_OFFSET)).as("events stay").isEqualTo(LinuxLibc.POLLIN);
    }

    @Test
    void theRejectAllProgramPointsAtItsOwnInstruction() {
        Memory program = SockFprog.rejectAll();
        assertThat(program.getPointer(SockFprog.FILTER_OFFSET)).isEqualTo(program.share(SockFprog.LENGTH));
        assertThat(program.getShort(SockFprog.LENGTH + 2)).as("jt, jf").isZero();
    }
}
