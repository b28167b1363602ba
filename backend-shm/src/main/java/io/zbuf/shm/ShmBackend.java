package io.zbuf.shm;

import io.zbuf.shm.ControlConnection.Fields;
import io.zbuf.shm.ControlConnection.Result;
import io.zbuf.shm.protocol.MessageType;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.KernelGoneException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared-memory backend: a kernel daemon ({@code zbuf kernel}) in another JVM plays the kernel. Each
 * descriptor has its own file in {@code /dev/shm}, mapped by both processes, and its own Unix-domain
 * connection to the daemon for the ioctls; under load the user finds its buffers in shared memory without
 * sending a single message.
 *
 * <p>The daemon is found at the socket {@link DaemonSocket#resolve()} names. The backend is available when
 * {@code /dev/shm} is a writable directory and a daemon listens at that socket; otherwise
 * {@link #unavailabilityCause()} says which is missing. The first {@link #open()} removes the files of users
 * that died.
 */
public final class ShmBackend implements Backend {
    /** The name users select this backend by. */
    public static final String NAME = "shm";
    /** The page size buffers are mapped with, as FreeBSD's on amd64. */
    public static final int PAGE_SIZE = 4096;

    private final Path fixedSocket;
    private final SharedFiles files;
    private final LongAdder controlMessages = new LongAdder();
    private volatile boolean orphansRemoved;

    /**
     * The backend of the daemon at the socket {@link DaemonSocket#resolve()} names when it is used (so a later
     * change of the system property is followed): what ServiceLoader creates.
     */
    public ShmBackend() {
        this.fixedSocket = null;
        this.files = new SharedFiles(SharedFiles.DEFAULT_DIRECTORY);
    }

    /** The backend of the daemon listening at {@code socket}. */
    public ShmBackend(Path socket) {
        this(socket, new SharedFiles(SharedFiles.DEFAULT_DIRECTORY));
    }

    /** The backend of the daemon listening at {@code socket}, with shared files in {@code files}. */
    public ShmBackend(Path socket, SharedFiles files) {
        this.fixedSocket = socket.toAbsolutePath();
        this.files = files;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "kernel daemon in another JVM at " + socket() + ", buffers in " + files.directory();
    }

    /** Where the daemon is expected to listen. */
    public Path socket() {
        return fixedSocket != null ? fixedSocket : DaemonSocket.resolve();
    }

    /** Requests this backend's descriptors and queries sent to the daemon so far: none per buffer under load. */
    public long controlMessages() {
        return controlMessages.sum();
    }

    @Override
    public boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /** Looks afresh each time: a daemon may have started or stopped since. */
    @Override
    public Throwable unavailabilityCause() {
        Path directory = files.directory();
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            return new IOException(directory + " is missing or not writable: the shm backend needs POSIX shared memory there");
        }
        try {
            ControlConnection.connect(socket(), controlMessages).close();
            return null;
        } catch (KernelGoneException e) {
            return e;
        }
    }

    @Override
    public ShmDevice open() throws BpfException {
        if (!orphansRemoved) {
            orphansRemoved = true;
            files.removeOrphans();
        }
        ControlConnection connection = ControlConnection.connect(socket(), controlMessages);
        SharedFiles.Created created;
        try {
            created = files.create();
        } catch (IOException e) {
            connection.close();
            throw new BpfException(Errno.ENOMEM, "open: cannot create a shared file in " + files.directory() + ": " + e.getMessage(), e);
        }
        ShmDevice device = new ShmDevice(connection, new ShmBufferMemory(created.path(), created.channel(), PAGE_SIZE));
        try {
            device.handshake();
        } catch (BpfException | RuntimeException e) {
            device.close();
            throw e;
        }
        return device;
    }

    @Override
    public List<String> interfaces() throws BpfException {
        return oneShot(MessageType.INTERFACES, Fields.NONE, frame -> {
            int count = frame.getInt();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(frame.getString());
            }
            return names;
        });
    }

    /**
     * Asks the daemon to create an interface. A capture file named by a relative path is resolved here, against
     * this process's working directory, before the daemon sees it.
     */
    @Override
    public void createInterface(String interfaceName, String source) throws BpfException {
        String resolved = SourcePaths.absolute(source);
        oneShot(MessageType.CREATE_INTERFACE, frame -> frame.putString(interfaceName).putString(resolved), Result.NONE);
    }

    private <T> T oneShot(MessageType type, Fields fields, Result<T> result) throws BpfException {
        try (ControlConnection connection = ControlConnection.connect(socket(), controlMessages)) {
            return connection.request(type, fields, result);
        }
    }
}
