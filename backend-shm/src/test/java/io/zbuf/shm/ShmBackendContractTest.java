package io.zbuf.shm;

import io.zbuf.core.contract.BackendContract;
import io.zbuf.spi.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

/** The backend contract, against a kernel daemon in a second JVM. */
class ShmBackendContractTest extends BackendContract {
    private static Path directory;
    private static DaemonProcess daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        directory = Files.createTempDirectory("zbuf-contract-");
        daemon = DaemonProcess.start(directory.resolve("k.sock"), directory.resolve("daemon.log"));
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        daemon.close();
        Files.deleteIfExists(directory.resolve("daemon.log"));
        Files.deleteIfExists(directory.resolve("k.sock"));
        Files.deleteIfExists(directory);
    }

    @Override
    protected Backend createBackend() {
        return new ShmBackend(daemon.socket());
    }
}
