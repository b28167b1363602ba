package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.zbuf.freebsd.libc.BpfIoctl;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.Errno;
import org.mockito.AdditionalAnswers;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

/** Mockito stand-ins for {@link BsdLibc}: a machine whose sysctls read as given, and ways to make calls fail. */
final class MockLibc {
    /** The descriptor number {@link #freeBsd} hands out. */
    static final int FD = 7;

    private MockLibc() {
    }

    /**
     * A FreeBSD with 4 KiB pages and {@code net.bpf.zerocopy_enable} as given, whose open gives {@link #FD} and
     * whose mmap and munmap are real (the fake kernel's).
     */
    static BsdLibc freeBsd(int zerocopyEnable) {
        BsdLibc libc = mock(BsdLibc.class, AdditionalAnswers.delegatesTo(new FakeFreeBsdKernelLibc(FakeFreeBsdKernelLibc.NO_KERNEL)));
        org.mockito.Mockito.doReturn(0).when(libc).close(anyInt());
        sysctl(libc, Sysctl.PAGE_SIZE, 4096);
        sysctl(libc, Sysctl.ZEROCOPY_ENABLE, zerocopyEnable);
        org.mockito.Mockito.doReturn(FD).when(libc).open(FreeBsdDevice.PATH, BsdLibc.O_RDWR | BsdLibc.O_CLOEXEC);
        return libc;
    }

    /** {@code name} reads as the 4-byte {@code value}. */
    static void sysctl(BsdLibc libc, String name, int value) {
        doAnswer(call -> {
            Pointer old = call.getArgument(1);
            Pointer length = call.getArgument(2);
            old.setInt(0, value);
            length.setLong(0, Integer.BYTES);
            return 0;
        }).when(libc).sysctlbyname(eq(name), any(), any(), any(), anyLong());
    }

    /** The ioctl {@code request} fails with {@code errno}. */
    static void failIoctl(BsdLibc libc, BpfIoctl request, Errno errno) {
        doThrow(new LastErrorException(errno.code())).when(libc).ioctl(anyInt(), eq(request.request()), any());
    }

    /** Makes {@code if_nameindex(3)} list these interfaces, with indexes 1, 2, ... */
    static void interfaces(BsdLibc libc, String... names) {
        doAnswer(call -> nameIndex(names)).when(libc).if_nameindex();
        doNothing().when(libc).if_freenameindex(any());
    }

    /** A {@code struct if_nameindex} array of these names, ended by an entry of index 0. */
    static Memory nameIndex(String... names) {
        Memory table = new Memory((long) (names.length + 1) * InterfaceNames.ENTRY_SIZE);
        table.clear();
        for (int i = 0; i < names.length; i++) {
            Memory name = new Memory(names[i].length() + 1L);
            name.setString(0, names[i]);
            table.setInt((long) i * InterfaceNames.ENTRY_SIZE, i + 1);
            table.setPointer((long) i * InterfaceNames.ENTRY_SIZE + InterfaceNames.NAME_OFFSET, name);
        }
        return table;
    }
}
