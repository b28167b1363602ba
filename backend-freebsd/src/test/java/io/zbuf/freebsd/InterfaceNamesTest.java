package io.zbuf.freebsd;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class InterfaceNamesTest {
    private final BsdLibc libc = mock(BsdLibc.class);

    @Test
    void readsEveryEntryUpToTheZeroIndexAndFreesTheTable() throws BpfException {
        Memory table = MockLibc.nameIndex("em0", "lo0");
        when(libc.if_nameindex()).thenReturn(table);

        assertThat(InterfaceNames.list(libc)).containsExactly("em0", "lo0");
        verify(libc).if_freenameindex(table);
    }

    @Test
    void anEmptyTableIsNoInterfaces() throws BpfException {
        Memory table = new Memory(16);
        table.clear();
        when(libc.if_nameindex()).thenReturn(table);
        assertThat(InterfaceNames.list(libc)).isEmpty();
    }

    @Test
    void aNullTableFailsWithTheErrnoOfTheCall() {
        when(libc.if_nameindex()).thenAnswer(call -> {
            Native.setLastError(Errno.ENOMEM.code());
            return null;
        });
        assertThatThrownBy(() -> InterfaceNames.list(libc))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM))
                .hasMessageStartingWith("if_nameindex: cannot allocate memory");
        verify(libc, never()).if_freenameindex(any());
    }
}
