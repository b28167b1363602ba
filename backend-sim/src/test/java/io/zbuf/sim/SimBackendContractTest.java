package io.zbuf.sim;

import io.zbuf.core.contract.BackendContract;
import io.zbuf.spi.Backend;

/** The backend contract, on the simulator. */
class SimBackendContractTest extends BackendContract {
    @Override
    protected Backend createBackend() {
        return new SimBackend();
    }
}
