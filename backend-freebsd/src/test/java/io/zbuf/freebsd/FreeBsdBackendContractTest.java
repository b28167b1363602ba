package io.zbuf.freebsd;

import io.zbuf.core.contract.BackendContract;
import io.zbuf.host.KernelHost;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.spi.Backend;
import org.junit.jupiter.api.AfterEach;

/**
 * The backend contract on the FreeBSD backend, all of it through JNA: the backend's C library is the fake
 * that plays FreeBSD's kernel over real mappings, with zbuf-core's kernel side behind it.
 */
class FreeBsdBackendContractTest extends BackendContract {
    private KernelHost kernel;

    @Override
    protected Backend createBackend() {
        kernel = new KernelHost(SystemKernelClock.INSTANCE, "fake-freebsd-kernel");
        return new FreeBsdBackend(FakeFreeBsdKernelLibc.on(kernel));
    }

    /** The machine's interfaces are created in the fake kernel: the backend itself cannot create any. */
    @Override
    protected void createInterface(Backend backend, String name, String source) throws Exception {
        kernel.createInterface(name, source);
    }

    @AfterEach
    void stopKernel() {
        kernel.close();
    }
}
