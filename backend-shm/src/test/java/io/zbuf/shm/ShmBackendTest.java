package io.zbuf.shm;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.KernelGoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShmBackendTest {
    @RegisterExtension
    final InProcessDaemon daemon = new InProcessDaemon();

    @TempDir
    Path dir;

    @Test
    void withoutADaemonTheBackendSaysHowToStartOne() throws Exception {
        ShmBackend backend = new ShmBackend(dir.resolve("k.sock"));
        assertThat(backend.name()).isEqualTo("shm");
        assertThat(backend.isAvailable()).isFalse();
        assertThat(backend.unavailabilityCause()).hasMessageContaining("no zbuf kernel daemon at " + dir.resolve("k.sock"))
                .hasMessageContaining("zbuf kernel");
        assertThatThrownBy(backend::open).isInstanceOf(KernelGoneException.class);
        assertThatThrownBy(backend::interfaces).isInstanceOf(KernelGoneException.class);
    }

    @Test
    void withoutSharedMemoryTheBackendIsUnavailable() throws Exception {
        daemon.start();
        ShmBackend backend = new ShmBackend(daemon.backend().socket(), new SharedFiles(dir.resolve("no-shm")));
        assertThat(backend.isAvailable()).isFalse();
        assertThat(backend.unavailabilityCause()).hasMessageContaining(dir.resolve("no-shm") + " is missing or not writable");
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        readOnly.toFile().setWritable(false, false);
        if (!Files.isWritable(readOnly)) {
            assertThat(new ShmBackend(daemon.backend().socket(), new SharedFiles(readOnly)).isAvailable()).isFalse();
        }
        assertThatThrownBy(backend::open).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENOMEM));
        assertThat(daemon.backend().isAvailable()).isTrue();
        assertThat(daemon.backend().unavailabilityCause()).isNull();
    }

    @Test
    void interfacesAreTheDaemonsAndCanBeAdded() throws Exception {
        daemon.start("a0=synthetic:rate=1");
        ShmBackend backend = daemon.backend();
        assertThat(backend.interfaces()).containsExactly("a0");
        backend.createInterface("b0", "synthetic:rate=1");
        assertThat(backend.interfaces()).containsExactly("a0", "b0");
        assertThatThrownBy(() -> backend.createInterface("b0", "synthetic")).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.EBUSY));
        assertThatThrownBy(() -> backend.createInterface("c0", "missing-file.pcap")).isInstanceOf(BpfException.class)
                .hasMessageContaining(Path.of("missing-file.pcap").toAbsolutePath().toString());
        assertThat(backend.controlMessages()).isEqualTo(5);
        assertThat(backend.description()).contains(backend.socket().toString(), "/dev/shm");
    }

    @Test
    void theFirstOpenRemovesTheFilesOfDeadUsers() throws Exception {
        daemon.start();
        Path orphan = Files.createFile(SharedFiles.DEFAULT_DIRECTORY.resolve("zbuf-4999999999-" + System.nanoTime()));
        ShmBackend backend = daemon.backend();
        backend.open().close();
        assertThat(orphan).doesNotExist();
        Path later = Files.createFile(SharedFiles.DEFAULT_DIRECTORY.resolve("zbuf-4999999999-" + System.nanoTime()));
        backend.open().close();
        assertThat(later).exists();
        Files.delete(later);
    }

    @Test
    void aStoppedDaemonClosesItsDescriptorsAndItsSocket() throws Exception {
        io.zbuf.shm.daemon.KernelDaemon kernel = daemon.start();
        ShmBackend backend = daemon.backend();
        ShmDevice device = backend.open();
        kernel.close();
        kernel.close();
        assertThat(backend.socket()).doesNotExist();
        assertThat(backend.isAvailable()).isFalse();
        assertThatThrownBy(device::bufferMode).isInstanceOf(KernelGoneException.class);
        assertThatThrownBy(() -> kernel.kernel().interfaces()).isInstanceOf(BpfException.class);
        device.close();
    }

    @Test
    void serviceLoaderFindsItAndItFollowsTheSocketProperty() throws Exception {
        daemon.start();
        ShmBackend loaded = (ShmBackend) ServiceLoader.load(io.zbuf.spi.Backend.class).stream()
                .filter(provider -> provider.type() == ShmBackend.class).findFirst().orElseThrow().get();
        String before = System.getProperty(DaemonSocket.PROPERTY);
        try {
            System.setProperty(DaemonSocket.PROPERTY, daemon.backend().socket().toString());
            assertThat(loaded.socket()).isEqualTo(daemon.backend().socket());
            assertThat(loaded.isAvailable()).isTrue();
            loaded.open().close();
        } finally {
            if (before == null) {
                System.clearProperty(DaemonSocket.PROPERTY);
            } else {
                System.setProperty(DaemonSocket.PROPERTY, before);
            }
        }
    }
}
