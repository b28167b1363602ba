package io.zbuf.afpacket;

import com.sun.jna.Memory;
import io.zbuf.afpacket.AfPacketSocket.Event;
import io.zbuf.afpacket.libc.Ifreq;
import io.zbuf.afpacket.libc.LinuxErrno;
import io.zbuf.afpacket.libc.LinuxLibc;
import io.zbuf.afpacket.libc.PacketMreq;
import io.zbuf.afpacket.libc.Pollfd;
import io.zbuf.afpacket.libc.SockFprog;
import io.zbuf.afpacket.libc.SockaddrLl;
import io.zbuf.afpacket.libc.TpacketReq3;
import io.zbuf.afpacket.libc.TpacketStatsV3;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.nio.ByteOrder;

import static io.zbuf.afpacket.MockLinux.EVENT_FD;
import static io.zbuf.afpacket.MockLinux.SOCKET_FD;
import static io.zbuf.afpacket.MockLinux.errno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The system calls of the live source, against a mocked C library. */
class AfPacketSocketTest {
    private static final RingGeometry RING = new RingGeometry(8192, 4, 25);

    private final MockLinux linux = new MockLinux("lo", "eth0", "veth-b");
    private final LinuxLibc libc = linux.libc;

    @Test
    void setsTheVersionBeforeTheRingThenMapsItAndBindsOnlyAtStart() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            InOrder order = inOrder(libc);
            order.verify(libc).socket(LinuxLibc.AF_PACKET, LinuxLibc.SOCK_RAW | LinuxLibc.SOCK_CLOEXEC, 0);
            order.verify(libc).setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_VERSION),
                    argThat(value -> ((Memory) value).getInt(0) == LinuxLibc.TPACKET_V3), eq(Integer.BYTES));
            ArgumentCaptor<Memory> request = ArgumentCaptor.forClass(Memory.class);
            order.verify(libc).setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_RX_RING), request.capture(),
                    eq(TpacketReq3.LENGTH));
            order.verify(libc).mmap(isNull(), eq(4L * 8192), eq(LinuxLibc.PROT_READ | LinuxLibc.PROT_WRITE), eq(LinuxLibc.MAP_SHARED),
                    eq(SOCKET_FD), eq(0L));
            Memory req = request.getValue();
            assertThat(req.getInt(TpacketReq3.BLOCK_SIZE_OFFSET)).isEqualTo(8192);
            assertThat(req.getInt(TpacketReq3.BLOCK_NR_OFFSET)).isEqualTo(4);
            assertThat(req.getInt(TpacketReq3.FRAME_SIZE_OFFSET)).isEqualTo(8192);
            assertThat(req.getInt(TpacketReq3.FRAME_NR_OFFSET)).isEqualTo(4);
            assertThat(req.getInt(TpacketReq3.RETIRE_BLK_TOV_OFFSET)).isEqualTo(25);
            assertThat(req.getInt(TpacketReq3.SIZEOF_PRIV_OFFSET)).isZero();
            assertThat(req.getInt(TpacketReq3.FEATURE_REQ_WORD_OFFSET)).isZero();
            verify(libc, never()).setsockopt(anyInt(), anyInt(), eq(LinuxLibc.PACKET_IGNORE_OUTGOING), any(), anyInt());
            verify(libc, never()).setsockopt(anyInt(), anyInt(), eq(LinuxLibc.PACKET_ADD_MEMBERSHIP), any(), anyInt());
            verify(libc, never()).bind(anyInt(), any(), anyInt());
            assertThat(socket.ring().capacity()).isEqualTo(4 * 8192);
            assertThat(socket.interfaceName()).isEqualTo("eth0");

            socket.start();
            ArgumentCaptor<Memory> address = ArgumentCaptor.forClass(Memory.class);
            verify(libc).bind(eq(SOCKET_FD), address.capture(), eq(SockaddrLl.LENGTH));
            assertThat(address.getValue().getShort(SockaddrLl.FAMILY_OFFSET)).isEqualTo((short) LinuxLibc.AF_PACKET);
            assertThat(address.getValue().getByteBuffer(SockaddrLl.PROTOCOL_OFFSET, 2).order(ByteOrder.BIG_ENDIAN).getShort())
                    .as("ETH_P_ALL in network order").isEqualTo((short) LinuxLibc.ETH_P_ALL);
            assertThat(address.getValue().getInt(SockaddrLl.IFINDEX_OFFSET)).isEqualTo(2);
        }
    }

    @Test
    void onLoopbackOutgoingPacketsAreIgnoredSoThatEachShowsOnce() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "lo", RING, false)) {
            verify(libc).setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_IGNORE_OUTGOING),
                    argThat(value -> ((Memory) value).getInt(0) == 1), eq(Integer.BYTES));
        }
    }

    @Test
    void promiscuousModeIsAMembershipOfTheInterface() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "veth-b", RING, true)) {
            verify(libc).setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_ADD_MEMBERSHIP),
                    argThat(value -> ((Memory) value).getInt(PacketMreq.IFINDEX_OFFSET) == 3
                            && ((Memory) value).getShort(PacketMreq.TYPE_OFFSET) == LinuxLibc.PACKET_MR_PROMISC),
                    eq(PacketMreq.LENGTH));
        }
    }

    @Test
    void anUnknownInterfaceIsEnxioNamingThoseThatExist() {
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth9", RING, false)).isInstanceOf(BpfException.class)
                .hasMessage("live:eth9: no interface named eth9 here; the interfaces are lo, eth0, veth-b (ENXIO)")
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENXIO));
        verify(libc, never()).socket(anyInt(), anyInt(), anyInt());
    }

    @Test
    void withoutThePrivilegeTheErrorSaysWhatToDo() {
        when(libc.socket(anyInt(), anyInt(), anyInt())).thenThrow(errno(LinuxErrno.EPERM.code()));
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false)).isInstanceOf(BpfException.class)
                .hasMessageStartingWith("socket eth0: capturing needs CAP_NET_RAW, which this process lacks: run as root")
                .hasMessageContaining("setcap cap_net_raw+ep").hasMessageContaining("zbuf kernel --live").hasMessageEndingWith("(EPERM)");
    }

    @Test
    void aBlockSizeThatIsNotAPageMultipleIsRefusedBeforeAnyCall() {
        when(libc.sysconf(LinuxLibc.SC_PAGESIZE)).thenReturn(16384L);
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false)).isInstanceOf(BpfException.class)
                .hasMessage("live:eth0: block=8192 is not a multiple of the page size, 16384 bytes (EINVAL)");
        verify(libc, never()).socket(anyInt(), anyInt(), anyInt());
    }

    @Test
    void anInterfaceThatIsNeitherEthernetNorLoopbackIsNotSupported() {
        linux.interfaceAnswers(65534, LinuxLibc.IFF_UP);
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false)).isInstanceOf(BpfException.class)
                .hasMessage("live:eth0: the interface's hardware type is 65534 (ARPHRD); the live source captures Ethernet and"
                        + " loopback interfaces (EOPNOTSUPP)");
        verify(libc).close(SOCKET_FD);
    }

    @Test
    void anInterfaceThatIsDownSaysHowToBringItUp() {
        linux.interfaceAnswers(LinuxLibc.ARPHRD_ETHER, 0x1002);
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false))
                .hasMessage("live:eth0: the interface is down; bring it up first (ip link set eth0 up) (ENXIO)");
        verify(libc).close(SOCKET_FD);
    }

    @Test
    void anInterfaceThatGoesAwayDuringTheSetupIsNamedSo() {
        doThrow(errno(LinuxErrno.ENODEV.code())).when(libc).ioctl(eq(SOCKET_FD), eq(LinuxLibc.SIOCGIFHWADDR), any());
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false)).hasMessage("SIOCGIFHWADDR eth0: the interface went away (ENXIO)");
    }

    @Test
    void aRingTheKernelCannotAllocateClosesTheSocketAndSaysToAskForLess() {
        when(libc.setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_RX_RING), any(), anyInt()))
                .thenThrow(errno(LinuxErrno.ENOMEM.code()));
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false))
                .hasMessage("PACKET_RX_RING eth0: the kernel cannot allocate a ring that large: ask for a smaller one (ring=SIZE) (ENOMEM)");
        verify(libc).close(SOCKET_FD);
        verify(libc, never()).munmap(any(), anyLong());
    }

    @Test
    void aRingThatCannotBeMappedClosesTheSocket() {
        doThrow(errno(LinuxErrno.ENOMEM.code())).when(libc).mmap(any(), anyLong(), anyInt(), anyInt(), anyInt(), anyLong());
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false))
                .hasMessage("mmap eth0: the ring cannot be mapped: ask for a smaller one (ring=SIZE) (ENOMEM)");
        verify(libc).close(SOCKET_FD);
        verify(libc, never()).munmap(any(), anyLong());
    }

    @Test
    void aFailureAfterTheMappingUnmapsIt() {
        when(libc.eventfd(anyInt(), anyInt())).thenThrow(errno(LinuxErrno.EBADF.code() + 1000));
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, false))
                .hasMessage("eventfd eth0: failed with Linux errno 1009, which zbuf does not know (EIO)");
        verify(libc).munmap(linux.mapping(), 4L * 8192);
        verify(libc).close(SOCKET_FD);
        verify(libc, never()).close(EVENT_FD);
    }

    @Test
    void promiscuousModeRefusedUnmapsAndCloses() {
        when(libc.setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_ADD_MEMBERSHIP), any(), anyInt()))
                .thenThrow(errno(LinuxErrno.ENODEV.code()));
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "eth0", RING, true)).hasMessage("PACKET_ADD_MEMBERSHIP eth0: the interface went away (ENXIO)");
        verify(libc).munmap(linux.mapping(), 4L * 8192);
        verify(libc).close(SOCKET_FD);
    }

    @Test
    void loopbackWithoutIgnoreOutgoingNeedsANewerKernel() {
        when(libc.setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_IGNORE_OUTGOING), any(), anyInt()))
                .thenThrow(errno(LinuxErrno.ENOPROTOOPT.code()));
        assertThatThrownBy(() -> AfPacketSocket.open(libc, "lo", RING, false))
                .hasMessage("PACKET_IGNORE_OUTGOING lo: capturing on a loopback interface needs Linux 4.20 or later (EOPNOTSUPP)");
    }

    @Test
    void pausingAttachesAFilterThatTakesNothingAndStartingAgainRemovesIt() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            socket.start();
            socket.start();
            verify(libc, times(1)).bind(anyInt(), any(), anyInt());
            verify(libc, never()).setsockopt(anyInt(), eq(LinuxLibc.SOL_SOCKET), eq(LinuxLibc.SO_DETACH_FILTER), any(), anyInt());

            socket.pause();
            ArgumentCaptor<Memory> program = ArgumentCaptor.forClass(Memory.class);
            verify(libc).setsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_SOCKET), eq(LinuxLibc.SO_ATTACH_FILTER), program.capture(),
                    eq(SockFprog.LENGTH));
            Memory fprog = program.getValue();
            assertThat(fprog.getShort(0)).as("one instruction").isEqualTo((short) 1);
            assertThat(fprog.getPointer(SockFprog.FILTER_OFFSET).getShort(0)).as("ret").isEqualTo((short) SockFprog.RET_K);
            assertThat(fprog.getPointer(SockFprog.FILTER_OFFSET).getInt(4)).as("#0: take nothing").isZero();

            socket.start();
            verify(libc).setsockopt(SOCKET_FD, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_DETACH_FILTER, null, 0);
            verify(libc, times(1)).bind(anyInt(), any(), anyInt());
            socket.start();
            verify(libc, times(1)).setsockopt(anyInt(), eq(LinuxLibc.SOL_SOCKET), eq(LinuxLibc.SO_DETACH_FILTER), any(), anyInt());
        }
    }

    @Test
    void aBindOnAVanishedInterfaceFails() throws BpfException {
        when(libc.bind(anyInt(), any(), anyInt())).thenThrow(errno(LinuxErrno.ENODEV.code()));
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            assertThatThrownBy(socket::start).hasMessage("bind eth0: the interface went away (ENXIO)");
        }
    }

    @Test
    void dropsAreReadFromTheStatistics() throws BpfException {
        doAnswer(call -> {
            Memory stats = call.getArgument(3);
            Memory length = call.getArgument(4);
            assertThat(length.getInt(0)).isEqualTo(TpacketStatsV3.LENGTH);
            stats.setInt(TpacketStatsV3.PACKETS_OFFSET, 1000);
            stats.setInt(TpacketStatsV3.DROPS_OFFSET, -2);
            return 0;
        }).when(libc).getsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_STATISTICS), any(), any());
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            assertThat(socket.takeDrops()).as("unsigned").isEqualTo(0xFFFF_FFFEL);
        }
    }

    @Test
    void statisticsThatCannotBeReadAreAnError() throws BpfException {
        when(libc.getsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_PACKET), eq(LinuxLibc.PACKET_STATISTICS), any(), any()))
                .thenThrow(errno(LinuxErrno.EBADF.code()));
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            assertThatThrownBy(socket::takeDrops).hasMessage("PACKET_STATISTICS eth0: bad file descriptor (EBADF)");
        }
    }

    @Test
    void pollReportsAnErrorBeforeReadinessAndReadinessBeforeAWakeUp() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            pollAnswers(LinuxLibc.POLLIN | LinuxLibc.POLLERR, LinuxLibc.POLLIN);
            assertThat(socket.awaitEvent(100)).isEqualTo(Event.ERROR);
            pollAnswers(LinuxLibc.POLLHUP, 0);
            assertThat(socket.awaitEvent(100)).isEqualTo(Event.ERROR);
            pollAnswers(LinuxLibc.POLLNVAL, 0);
            assertThat(socket.awaitEvent(100)).isEqualTo(Event.ERROR);
            pollAnswers(LinuxLibc.POLLIN, LinuxLibc.POLLIN);
            assertThat(socket.awaitEvent(100)).isEqualTo(Event.READABLE);
            verify(libc, never()).read(anyInt(), any(), anyLong());
            pollAnswers(0, LinuxLibc.POLLIN);
            assertThat(socket.awaitEvent(100)).isEqualTo(Event.WOKEN);
            verify(libc).read(eq(EVENT_FD), any(), eq(8L));
            doReturn(0).when(libc).poll(any(), anyLong(), anyInt());
            assertThat(socket.awaitEvent(100)).isEqualTo(Event.TIMEOUT);
            doThrow(errno(LinuxErrno.EINTR.code())).when(libc).poll(any(), anyLong(), anyInt());
            assertThat(socket.awaitEvent(100)).as("a signal: look again").isEqualTo(Event.TIMEOUT);
            verify(libc, times(7)).poll(any(), eq(2L), eq(100));
        }
    }

    @Test
    void pollWaitsOnTheSocketAndTheEventFdAndForgetsEarlierEvents() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            doAnswer(call -> {
                Memory fds = call.getArgument(0);
                assertThat(fds.getInt(0)).isEqualTo(SOCKET_FD);
                assertThat(fds.getInt(Pollfd.LENGTH)).isEqualTo(EVENT_FD);
                assertThat(fds.getShort(Pollfd.EVENTS_OFFSET)).isEqualTo(LinuxLibc.POLLIN);
                assertThat(fds.getShort(Pollfd.LENGTH + Pollfd.EVENTS_OFFSET)).isEqualTo(LinuxLibc.POLLIN);
                assertThat(Pollfd.revents(fds, 0)).as("cleared before each poll").isZero();
                assertThat(Pollfd.revents(fds, 1)).isZero();
                fds.setShort(Pollfd.REVENTS_OFFSET, LinuxLibc.POLLIN);
                fds.setShort(Pollfd.LENGTH + Pollfd.REVENTS_OFFSET, LinuxLibc.POLLIN);
                return 2;
            }).when(libc).poll(any(), anyLong(), anyInt());
            assertThat(socket.awaitEvent(5)).isEqualTo(Event.READABLE);
            assertThat(socket.awaitEvent(5)).isEqualTo(Event.READABLE);
        }
    }

    @Test
    void aWakeUpWritesOneToTheEventFdAndAFullCounterIsNoError() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            socket.wake();
            verify(libc).write(eq(EVENT_FD), argThat(value -> ((Memory) value).getLong(0) == 1), eq(8L));
            when(libc.write(anyInt(), any(), anyLong())).thenThrow(errno(LinuxErrno.EAGAIN.code()));
            socket.wake();
            pollAnswers(0, LinuxLibc.POLLIN);
            when(libc.read(anyInt(), any(), anyLong())).thenThrow(errno(LinuxErrno.EAGAIN.code()));
            assertThat(socket.awaitEvent(1)).isEqualTo(Event.WOKEN);
        }
    }

    @Test
    void theSocketsErrorIsTakenWithSoError() throws BpfException {
        doAnswer(call -> {
            ((Memory) call.getArgument(3)).setInt(0, LinuxErrno.ENETDOWN.code());
            assertThat(((Memory) call.getArgument(4)).getInt(0)).isEqualTo(Integer.BYTES);
            return 0;
        }).when(libc).getsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_SOCKET), eq(LinuxLibc.SO_ERROR), any(), any());
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            assertThat(socket.takeError()).isEqualTo(100);
            when(libc.getsockopt(eq(SOCKET_FD), eq(LinuxLibc.SOL_SOCKET), eq(LinuxLibc.SO_ERROR), any(), any()))
                    .thenThrow(errno(LinuxErrno.EBADF.code()));
            assertThat(socket.takeError()).isEqualTo(9);
        }
    }

    @Test
    void theInterfaceExistsWhileItsNameHasItsIndexInTheSocketsNamespace() throws BpfException {
        try (AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false)) {
            ifindexAnswer(2);
            assertThat(socket.interfaceExists()).isTrue();
            ifindexAnswer(7);
            assertThat(socket.interfaceExists()).as("a new interface of the same name").isFalse();
            doThrow(errno(LinuxErrno.ENODEV.code())).when(libc).ioctl(eq(SOCKET_FD), eq(LinuxLibc.SIOCGIFINDEX), any());
            assertThat(socket.interfaceExists()).isFalse();
        }
    }

    private void ifindexAnswer(int ifindex) {
        doAnswer(call -> {
            Memory request = call.getArgument(2);
            assertThat(request.getString(0)).isEqualTo("eth0");
            request.setInt(Ifreq.UNION_OFFSET, ifindex);
            return 0;
        }).when(libc).ioctl(eq(SOCKET_FD), eq(LinuxLibc.SIOCGIFINDEX), any());
    }

    @Test
    void closingUnmapsAndClosesBothDescriptorsOnce() throws BpfException {
        AfPacketSocket socket = AfPacketSocket.open(libc, "eth0", RING, false);
        doThrow(errno(LinuxErrno.EINVAL.code())).when(libc).munmap(any(), anyLong());
        doThrow(errno(LinuxErrno.EBADF.code())).when(libc).close(EVENT_FD);
        socket.close();
        socket.close();
        verify(libc).munmap(linux.mapping(), 4L * 8192);
        verify(libc).close(EVENT_FD);
        verify(libc).close(SOCKET_FD);
    }

    private void pollAnswers(int socketEvents, int wakeEvents) {
        doAnswer(call -> {
            Memory fds = call.getArgument(0);
            fds.setShort(Pollfd.REVENTS_OFFSET, (short) socketEvents);
            fds.setShort(Pollfd.LENGTH + Pollfd.REVENTS_OFFSET, (short) wakeEvents);
            return 1;
        }).when(libc).poll(any(), anyLong(), anyInt());
    }
}
