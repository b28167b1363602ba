package io.zbuf.shm;

import io.zbuf.shm.daemon.KernelDaemon;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A kernel daemon in the test's own JVM, on a socket in a fresh private directory; stopped after each test. */
public final class InProcessDaemon implements AfterEachCallback {
    private KernelDaemon daemon;
    private Path directory;

    /** Starts the daemon with these {@code NAME=SOURCE} interfaces. */
    public KernelDaemon start(String... interfaces) throws Exception {
        directory = Files.createTempDirectory("zbuf-test-");
        daemon = KernelDaemon.start(directory.resolve("k.sock"), List.of(interfaces), new SharedFiles(SharedFiles.DEFAULT_DIRECTORY));
        return daemon;
    }

    /** A backend of the daemon started. */
    public ShmBackend backend() {
        return new ShmBackend(daemon.socket());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
        if (directory != null) {
            Files.deleteIfExists(directory.resolve("k.sock"));
            Files.deleteIfExists(directory);
        }
    }
}
