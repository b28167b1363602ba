package io.zbuf.host;

import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelHostTest {
    @Test
    void callsRunOnTheKernelThreadAndReturnTheirResult() throws BpfException {
        try (KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel")) {
            AtomicReference<String> thread = new AtomicReference<>();
            int result = host.call(() -> {
                thread.set(Thread.currentThread().getName());
                return 42;
            });
            assertThat(result).isEqualTo(42);
            assertThat(thread.get()).isEqualTo("test-kernel");
        }
    }

    @Test
    void aCallsErrorReachesTheCaller() {
        try (KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel")) {
            assertThatThrownBy(() -> host.call(() -> {
                throw new BpfException(Errno.EINVAL, "refused");
            })).isInstanceOf(BpfException.class).hasMessageContaining("refused");
            assertThatThrownBy(() -> host.call(() -> {
                throw new IllegalStateException("broken");
            })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
        }
    }

    @Test
    void aCallFromTheKernelThreadRunsInPlace() throws BpfException {
        try (KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel")) {
            assertThat(host.call(() -> host.call(() -> "nested"))).isEqualTo("nested");
        }
    }

    @Test
    void callsAfterCloseFailAsOnAClosedDescriptor() {
        KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel");
        host.close();
        assertThatThrownBy(() -> host.call(() -> 1)).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void interfacesAreListedInOrderOfCreationAndNamesAreUnique() throws BpfException {
        try (KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel")) {
            host.createInterface("b0", "synthetic:rate=1");
            host.createInterface("a0", "synthetic:rate=1");
            assertThat(host.interfaces()).containsExactly("b0", "a0");
            assertThatThrownBy(() -> host.createInterface("a0", "synthetic"))
                    .isInstanceOf(BpfException.class).extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EBUSY);
        }
    }

    @Test
    void aSourceThatCannotBeOpenedIsInvalid() {
        try (KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel")) {
            assertThatThrownBy(() -> host.createInterface("x0", "nonsense:kind"))
                    .isInstanceOf(BpfException.class).hasMessageStartingWith("interface x0: ")
                    .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EINVAL);
        }
    }

    @Test
    void closeIsIdempotent() {
        KernelHost host = new KernelHost(SystemKernelClock.INSTANCE, "test-kernel");
        host.close();
        host.close();
        assertThatThrownBy(() -> host.interfaces()).isInstanceOf(DeviceClosedException.class);
    }
}
