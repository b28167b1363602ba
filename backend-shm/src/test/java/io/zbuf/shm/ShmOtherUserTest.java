package io.zbuf.shm;

import io.zbuf.core.user.ZbufCapture;
import io.zbuf.shm.daemon.KernelDaemon;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daemon run as root for a group ({@code zbuf kernel --group}) serves a reader that runs as {@code nobody}, an
 * unprivileged user of that group, from the reader's own file; that reader may not create interfaces. A daemon
 * without {@code --group} serves nobody else.
 */
@Tag("external-tool")
@Timeout(120)
class ShmOtherUserTest {
    @Test
    void aDaemonForAGroupServesAnUnprivilegedReaderItsOwnFileOnly() throws Exception {
        assertThat(System.getProperty("user.name")).as("this test runs the daemon as root and a reader as nobody: run it as root").isEqualTo("root");
        Path base = Files.createTempDirectory(Path.of("/tmp"), "zbuf-group-");
        Path classes = Files.createDirectory(base.resolve("classes"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classPath = readableCopies(classes, ShmBackend.class, ReaderMain.class, ZbufCapture.class, Errno.class);
        Path socket = base.resolve("run/kernel.sock");
        try (KernelDaemon daemon = KernelDaemon.start(socket, List.of("shm0=synthetic:rate=1000"), new SharedFiles(SharedFiles.DEFAULT_DIRECTORY),
                "nogroup")) {
            Process reader = asNobody(classPath, ReaderMain.class, "--socket", socket.toString(), "--interface", "shm0");
            try {
                String file = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertThat(file).as("the reader attached from its own file").startsWith("/dev/shm/zbuf-");
                assertThat(Files.getOwner(Path.of(file), LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("nobody");
                assertThat(daemon.descriptors()).isEqualTo(1);
            } finally {
                reader.destroyForcibly();
                reader.waitFor(10, TimeUnit.SECONDS);
            }
            Process create = asNobody(classPath, CreateInterfaceMain.class, socket.toString(), "x0", "pcap:/etc/shadow.pcap");
            String answer = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(create.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answer).startsWith("create interface x0: only root, the daemon's user, creates interfaces").endsWith("(EPERM)");
            assertThat(daemon.kernel().interfaces()).containsExactly("shm0");
        } finally {
            try (Stream<Path> paths = Files.walk(base)) {
                paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aDaemonWithoutAGroupServesNobodyElse() throws Exception {
        assertThat(System.getProperty("user.name")).as("run it as root").isEqualTo("root");
        Path base = Files.createTempDirectory(Path.of("/tmp"), "zbuf-private-");
        Path classes = Files.createDirectory(base.resolve("classes"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classPath = readableCopies(classes, ShmBackend.class, CreateInterfaceMain.class, ZbufCapture.class, Errno.class);
        Path socket = base.resolve("run/kernel.sock");
        try (KernelDaemon daemon = KernelDaemon.start(socket, List.of("shm0=synthetic"), new SharedFiles(SharedFiles.DEFAULT_DIRECTORY))) {
            Process create = asNobody(classPath, CreateInterfaceMain.class, socket.toString(), "x0", "synthetic");
            String answer = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(create.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answer).as("the socket's directory is root's alone").contains("no zbuf kernel daemon at");
        } finally {
            try (Stream<Path> paths = Files.walk(base)) {
                paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code setpriv} to nobody:nogroup, no other group, running {@code main} on {@code classPath}. */
    private static Process asNobody(List<String> classPath, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(":", classPath), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Copies of where each class comes from (a directory of classes or a jar), in a directory anyone may read. */
    private static List<String> readableCopies(Path into, Class<?>... classes) throws IOException, URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : classes) {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path copy = into.resolve(Integer.toString(entries.size()) + (Files.isDirectory(source) ? "" : ".jar"));
            if (Files.isDirectory(source)) {
                try (Stream<Path> paths = Files.walk(source)) {
                    for (Path path : (Iterable<Path>) paths::iterator) {
                        Path target = copy.resolve(source.relativize(path).toString());
                        if (Files.isDirectory(path)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, copy);
            }
            try (Stream<Path> paths = Files.walk(copy)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(copy.toString());
        }
        return entries;
    }
}
