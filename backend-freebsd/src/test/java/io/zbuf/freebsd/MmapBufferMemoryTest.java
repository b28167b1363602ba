package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Real anonymous mappings (Linux's, through the fake's translation), and the failures with Mockito. */
class MmapBufferMemoryTest {
    private final FakeFreeBsdKernelLibc fake = new FakeFreeBsdKernelLibc(FakeFreeBsdKernelLibc.NO_KERNEL);
    private final BsdLibc libc = spy(fake);
    private final MmapBufferMemory memory = new MmapBufferMemory(libc, FakeFreeBsdKernelLibc.PAGE_SIZE);

    @Test
    void buffersArePageAlignedZeroedWritableDirectMemoryOfTheAskedLength() throws BpfException {
        ByteBuffer buffer = memory.allocate(3 * 4096);
        assertThat(memory.pageSize()).isEqualTo(4096);
        assertThat(buffer.isDirect()).isTrue();
        assertThat(buffer.capacity()).isEqualTo(3 * 4096);
        assertThat(Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) % 4096).isZero();
        for (int i = 0; i < buffer.capacity(); i += 512) {
            assertThat(buffer.get(i)).isZero();
        }
        buffer.putLong(3 * 4096 - 8, -1L);
        assertThat(buffer.getLong(3 * 4096 - 8)).isEqualTo(-1L);
        verify(libc).mmap(null, 3 * 4096L, BsdLibc.PROT_READ | BsdLibc.PROT_WRITE, BsdLibc.MAP_ANON | BsdLibc.MAP_PRIVATE, -1, 0L);
    }

    @Test
    void releaseUnmapsEveryBufferAndRefusesMore() throws BpfException {
        memory.allocate(4096);
        memory.allocate(8192);
        assertThat(fake.liveMappings()).isEqualTo(2);
        memory.release();
        assertThat(fake.liveMappings()).isZero();
        assertThatThrownBy(() -> memory.allocate(4096)).isInstanceOf(DeviceClosedException.class);
        memory.release();
        assertThat(fake.calls()).filteredOn("munmap"::equals).hasSize(2);
    }

    @Test
    void aLengthThatIsNotWholePagesIsEinval() {
        for (int length : new int[] {0, -4096, 4095, 4097}) {
            assertThatThrownBy(() -> memory.allocate(length))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                    .hasMessageContaining(length + " is not a positive whole number of 4096-byte pages");
        }
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void aFailedMmapIsItsErrno() {
        fake.failNext("mmap", Errno.ENOMEM);
        assertThatThrownBy(() -> memory.allocate(4096))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM))
                .hasMessage("mmap 4096 bytes: cannot allocate memory (ENOMEM)");
    }

    @Test
    void aFailedMunmapIsLoggedAndTheOthersStillUnmapped() throws BpfException {
        BsdLibc failing = mock(BsdLibc.class);
        when(failing.mmap(any(), anyLong(), anyInt(), anyInt(), anyInt(), anyLong())).thenAnswer(call -> fake.mmap(null,
                call.getArgument(1), call.getArgument(2), call.getArgument(3), call.getArgument(4), call.getArgument(5)));
        when(failing.munmap(any(), anyLong())).thenThrow(new LastErrorException(Errno.EINVAL.code()))
                .thenAnswer(call -> fake.munmap(call.getArgument(0), call.getArgument(1)));
        MmapBufferMemory twoBuffers = new MmapBufferMemory(failing, 4096);
        twoBuffers.allocate(4096);
        twoBuffers.allocate(4096);
        twoBuffers.release();
        assertThat(fake.liveMappings()).isEqualTo(1);
    }
}
