package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.zbuf.afpacket.libc.Ifreq;
import io.zbuf.afpacket.libc.LinuxLibc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A mocked C library that plays a Linux with the interfaces it is given: it answers {@code if_nametoindex},
 * {@code if_nameindex}, the interface ioctls, {@code socket}, {@code mmap} (direct memory) and
 * {@code eventfd}; everything else succeeds and returns 0. Tests stub or verify further.
 */
final class MockLinux {
    static final int SOCKET_FD = 41;
    static final int EVENT_FD = 42;
    static final long PAGE_SIZE = 4096;

    final LinuxLibc libc = mock(LinuxLibc.class);
    private final List<Memory> keepAlive = new ArrayList<>();
    private Memory mapping;

    /** A Linux whose interfaces are {@code names}, numbered from 1; each is Ethernet (loopback if named lo) and up. */
    MockLinux(String... names) {
        when(libc.sysconf(LinuxLibc.SC_PAGESIZE)).thenReturn(PAGE_SIZE);
        for (int i = 0; i < names.length; i++) {
            when(libc.if_nametoindex(names[i])).thenReturn(i + 1);
        }
        when(libc.if_nameindex()).thenAnswer(call -> nameIndex(names));
        when(libc.socket(LinuxLibc.AF_PACKET, LinuxLibc.SOCK_RAW | LinuxLibc.SOCK_CLOEXEC, 0)).thenReturn(SOCKET_FD);
        when(libc.eventfd(0, LinuxLibc.EFD_CLOEXEC | LinuxLibc.EFD_NONBLOCK)).thenReturn(EVENT_FD);
        interfaceAnswers(LinuxLibc.ARPHRD_ETHER, LinuxLibc.IFF_UP);
        when(libc.mmap(any(), anyLong(), anyInt(), anyInt(), anyInt(), anyLong())).thenAnswer(call -> {
            mapping = new Memory(call.getArgument(1, Long.class));
            mapping.clear();
            return mapping;
        });
    }

    /** Every interface has this hardware type (loopback for lo) and these flags. */
    MockLinux interfaceAnswers(int hardwareType, int flags) {
        doAnswer(call -> {
            Memory request = call.getArgument(2);
            boolean lo = request.getString(0).equals("lo");
            request.setShort(Ifreq.UNION_OFFSET, (short) (lo ? LinuxLibc.ARPHRD_LOOPBACK : hardwareType));
            return 0;
        }).when(libc).ioctl(eq(SOCKET_FD), eq(LinuxLibc.SIOCGIFHWADDR), any());
        doAnswer(call -> {
            ((Memory) call.getArgument(2)).setShort(Ifreq.UNION_OFFSET, (short) flags);
            return 0;
        }).when(libc).ioctl(eq(SOCKET_FD), eq(LinuxLibc.SIOCGIFFLAGS), any());
        return this;
    }

    /** The ring as mapped, once open mapped it. */
    Memory mapping() {
        return mapping;
    }

    /** {@code LastErrorException} with Linux errno {@code code}. */
    static LastErrorException errno(int code) {
        return new LastErrorException(code);
    }

    private Pointer nameIndex(String[] names) {
        Memory table = new Memory((long) LinuxInterfaces.ENTRY_SIZE * (names.length + 1));
        table.clear();
        for (int i = 0; i < names.length; i++) {
            byte[] bytes = names[i].getBytes(StandardCharsets.UTF_8);
            Memory name = new Memory(bytes.length + 1);
            name.clear();
            name.write(0, bytes, 0, bytes.length);
            keepAlive.add(name);
            table.setInt((long) i * LinuxInterfaces.ENTRY_SIZE, i + 1);
            table.setPointer((long) i * LinuxInterfaces.ENTRY_SIZE + LinuxInterfaces.NAME_OFFSET, name);
        }
        keepAlive.add(table);
        return table;
    }
}
