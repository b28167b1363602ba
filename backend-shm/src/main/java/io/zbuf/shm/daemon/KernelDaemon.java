package io.zbuf.shm.daemon;

import io.zbuf.host.KernelHost;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.source.SourceSpec;
import io.zbuf.shm.SharedFiles;
import io.zbuf.spi.BpfException;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The kernel daemon of the shared-memory backend ({@code zbuf kernel}): a {@link KernelHost} whose interfaces
 * are fed by packet sources, serving any number of descriptors, one per connection to its Unix-domain socket.
 * Each user lends it two regions of a file in {@code /dev/shm}; the daemon maps them and the kernel side
 * writes records into them page by page, reading nothing back but {@code user_gen}.
 *
 * <p>A user that dies is noticed when its connection ends: its descriptor is closed and its file removed. A
 * user that truncates its file under the daemon makes the kernel thread fault; the daemon then closes every
 * descriptor whose file no longer backs its buffers and keeps serving the others. On start it removes the
 * files of users that died while no daemon ran.
 */
public final class KernelDaemon implements AutoCloseable {
    /** The page size buffers are mapped with, as FreeBSD's on amd64. */
    public static final int PAGE_SIZE = 4096;
    /** The interface a daemon started without any hosts: endless synthetic UDP frames. */
    public static final String DEFAULT_INTERFACE = "shm0=synthetic";
    private static final System.Logger LOG = System.getLogger(KernelDaemon.class.getName());

    private final DaemonListener listener;
    private final KernelHost kernel;
    private final SharedFiles files;
    private final ExecutorService waiters;
    private final Set<DescriptorSession> sessions = ConcurrentHashMap.newKeySet();
    private final LongAdder controlMessages = new LongAdder();
    private final Thread acceptor;
    private volatile boolean closed;

    private KernelDaemon(DaemonListener listener, KernelHost kernel, SharedFiles files) {
        this.listener = listener;
        this.kernel = kernel;
        this.files = files;
        AtomicInteger waiterCount = new AtomicInteger();
        this.waiters = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "zbuf-kernel-waiter-" + waiterCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, "zbuf-kernel-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a daemon listening at {@code socket}, with an interface for each {@code NAME=SOURCE} of
     * {@code interfaces}, its shared files in {@code files}'s directory.
     *
     * @throws IOException          if the socket cannot be set up, or a daemon already listens there
     * @throws BpfException         if an interface cannot be created
     * @throws IllegalArgumentException for an interface that is not {@code NAME=SOURCE}
     */
    public static KernelDaemon start(Path socket, List<String> interfaces, SharedFiles files) throws IOException, BpfException {
        return start(socket, interfaces, files, null);
    }

    /**
     * As {@link #start(Path, List, SharedFiles)}, serving the members of {@code group} too if it is not null: its
     * socket is theirs to connect to, each maps only its own files, and only the daemon's own user creates
     * interfaces. A daemon run as root this way gives a group of unprivileged users the interfaces it hosts.
     */
    public static KernelDaemon start(Path socket, List<String> interfaces, SharedFiles files, String group) throws IOException, BpfException {
        List<SourceSpec.Interface> parsed = interfaces.stream().map(SourceSpec::parseInterface).toList();
        LOG.log(System.Logger.Level.INFO, "removed " + files.removeOrphans() + " shared files of users that died");
        KernelHost kernel = new KernelHost(SystemKernelClock.INSTANCE, "zbuf-kernel");
        DaemonListener listener;
        try {
            for (SourceSpec.Interface spec : parsed) {
                kernel.createInterface(spec.name(), spec.source().toString());
            }
            listener = DaemonListener.bind(socket, group);
        } catch (IOException | RuntimeException e) {
            kernel.close();
            throw e;
        }
        KernelDaemon daemon = new KernelDaemon(listener, kernel, files);
        kernel.onMemoryFault(daemon::memoryFault);
        daemon.acceptor.start();
        LOG.log(System.Logger.Level.INFO, "zbuf kernel listening at " + listener.socket() + " with interfaces " + kernel.interfaces());
        return daemon;
    }

    /** Where the daemon listens. */
    public Path socket() {
        return listener.socket();
    }

    /** The kernel the daemon hosts: to add interfaces while it runs. */
    public KernelHost kernel() {
        return kernel;
    }

    /** Requests served so far, on every connection: none per buffer while users keep up with the kernel. */
    public long controlMessages() {
        return controlMessages.sum();
    }

    /** Descriptors open now: one per connected user. */
    public int descriptors() {
        return sessions.size();
    }

    private void accept() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accepting a connection failed", e);
                continue;
            }
            DescriptorSession session = new DescriptorSession(kernel, files, waiters, channel, controlMessages, sessions::remove);
            sessions.add(session);
            Thread thread = new Thread(session, "zbuf-kernel-session");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Kernel thread: a mapped buffer faulted. Closes the descriptors whose files were truncated. */
    private void memoryFault(InternalError fault) {
        for (DescriptorSession session : sessions) {
            if (!session.intact()) {
                LOG.log(System.Logger.Level.WARNING, "the shared file of pid " + session.pid()
                        + " was truncated under its buffers (" + fault.getMessage() + "): closing that descriptor");
                session.close();
            }
        }
    }

    /** Stops listening, closes every descriptor and stops the kernel; removes the socket. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close();
        for (DescriptorSession session : sessions) {
            session.close();
        }
        kernel.close();
        waiters.shutdownNow();
        LOG.log(System.Logger.Level.INFO, "zbuf kernel at " + listener.socket() + " stopped");
    }
}
