package io.zbuf.shm.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;

/**
 * The daemon's Unix-domain socket, in a directory only its user may enter (0700), the socket itself 0600; or, for
 * a daemon that serves a group of users ({@code zbuf kernel --group}), a directory they may enter (0750) and a
 * socket they may connect to (0660), both of that group. A socket file left by a daemon that died is replaced; one
 * a live daemon listens on is not. A directory that exists already must not be writable by other users.
 */
final class DaemonListener implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;

    private DaemonListener(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
    }

    /**
     * Listens at {@code socket}, creating its directory (0700) if needed.
     *
     * @throws FileAlreadyExistsException if a daemon already listens there
     * @throws IOException                if the directory is not private to this user or the socket cannot be bound
     */
    static DaemonListener bind(Path socket) throws IOException {
        return bind(socket, null);
    }

    /**
     * Listens at {@code socket} for this user and, if {@code group} is not null, for the members of that group:
     * a directory it creates is 0750 and the socket 0660, both of the group.
     *
     * @throws java.nio.file.attribute.UserPrincipalNotFoundException if there is no such group
     */
    static DaemonListener bind(Path socket, String group) throws IOException {
        Path path = socket.toAbsolutePath();
        Path directory = path.getParent();
        GroupPrincipal members = group == null ? null
                : path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (members != null) {
                Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(members);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
            }
        } else if (!Collections.disjoint(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS),
                EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE))) {
            throw new IOException("the socket's directory " + directory + " is writable by other users: choose a private one");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (listening(path)) {
                throw new FileAlreadyExistsException(path.toString(), null, "a zbuf kernel daemon already listens there");
            }
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            if (members != null) {
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(members);
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(members == null ? "rw-------" : "rw-rw----"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new DaemonListener(path, server);
    }

    private static boolean listening(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return false;
        }
    }

    /** Where it listens. */
    Path socket() {
        return socket;
    }

    /** Waits for the next user. */
    SocketChannel accept() throws IOException {
        return server.accept();
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            System.getLogger(DaemonListener.class.getName()).log(System.Logger.Level.WARNING, "cannot remove " + socket, e);
        }
    }
}
