package io.zbuf.shm.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaemonListenerTest {
    @TempDir
    Path dir;

    @Test
    void theSocketIsPrivateInAPrivateDirectoryAndRemovedOnClose() throws Exception {
        Path socket = dir.resolve("new/k.sock");
        DaemonListener listener = DaemonListener.bind(socket);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(listener.socket()).isEqualTo(socket);
        listener.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void forAGroupTheDirectoryAndSocketAreTheGroupsToEnterAndConnectTo() throws Exception {
        Path socket = dir.resolve("group/k.sock");
        try (DaemonListener listener = DaemonListener.bind(socket, "nogroup")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwxr-x---");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            assertThat(Files.readAttributes(socket.getParent(), PosixFileAttributes.class).group().getName()).isEqualTo("nogroup");
            assertThat(Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName()).isEqualTo("nogroup");
            assertThat(listener.socket()).isEqualTo(socket);
        }
        assertThatThrownBy(() -> DaemonListener.bind(dir.resolve("other/k.sock"), "zbuf-no-such-group"))
                .isInstanceOf(UserPrincipalNotFoundException.class);
    }

    @Test
    void aLiveDaemonsSocketIsNotTakenButADeadOnesIs() throws Exception {
        Path socket = dir.resolve("k.sock");
        try (DaemonListener live = DaemonListener.bind(socket)) {
            assertThatThrownBy(() -> DaemonListener.bind(socket)).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("already listens");
        }
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        assertThat(socket).exists();
        DaemonListener.bind(socket).close();
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> DaemonListener.bind(shared.resolve("k.sock"))).isInstanceOf(IOException.class)
                .hasMessageContaining("writable by other users");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx---rwx"));
        assertThatThrownBy(() -> DaemonListener.bind(shared.resolve("k.sock"))).isInstanceOf(IOException.class);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> DaemonListener.bind(shared.resolve("k.sock"))).isInstanceOf(IOException.class);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        DaemonListener.bind(shared.resolve("k.sock")).close();
    }
}
