package io.zbuf.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmark's shared files go: /dev/shm, or the temporary directory on a system without it. */
final class SharedMemory {
    private SharedMemory() {
    }

    static Path directory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
