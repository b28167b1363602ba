package io.zbuf.host;

import io.zbuf.core.contract.BackendContract;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Device;

import java.util.List;

/** The backend contract, on a bare {@link KernelHost}: what the simulator and the shm daemon share. */
class KernelHostContractTest extends BackendContract {
    @Override
    protected Backend createBackend() {
        return new HostBackend(new KernelHost(SystemKernelClock.INSTANCE, "contract-kernel"));
    }

    /** The least a backend over a kernel host can be. */
    private record HostBackend(KernelHost host) implements Backend, AutoCloseable {
        @Override
        public String name() {
            return "host";
        }

        @Override
        public String description() {
            return "a bare kernel host";
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Throwable unavailabilityCause() {
            return null;
        }

        @Override
        public Device open() {
            return host.open(new AlignedBufferMemory(4096));
        }

        @Override
        public List<String> interfaces() throws BpfException {
            return host.interfaces();
        }

        @Override
        public void createInterface(String interfaceName, String source) throws BpfException {
            host.createInterface(interfaceName, source);
        }

        @Override
        public void close() {
            host.close();
        }
    }
}
