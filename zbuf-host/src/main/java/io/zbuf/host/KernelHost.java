package io.zbuf.host;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.KernelClock;
import io.zbuf.core.kernel.TickingKernelClock;
import io.zbuf.core.kernel.ZeroCopyScheme;
import io.zbuf.core.source.PacketSource;
import io.zbuf.core.source.SourceSpec;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.Errno;
import io.zbuf.spi.NoSuchInterfaceException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A kernel played by one thread of this JVM: it owns every hosted interface and descriptor. Other threads
 * hand it work as {@link KernelCall}s; between calls it pumps due packets from each interface into the
 * attached descriptors. With nothing to do it parks until the next packet is due or a call arrives, so an
 * idle kernel uses no CPU. The simulator runs one per backend, the shared-memory kernel daemon one per
 * process.
 */
public final class KernelHost implements AutoCloseable {
    private static final int BATCH = 64;

    private final TickingKernelClock clock;
    private final Queue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, HostedInterface> interfaces = new LinkedHashMap<>();
    private final List<HostedInterface> pumpOrder = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<InternalError> memoryFaults = KernelHost::logMemoryFault;

    /**
     * Starts the kernel thread, named {@code threadName}, stamping packets with {@code clock}; it ticks the clock
     * once per round of work, for {@code BPF_T_FAST} timestamps.
     */
    public KernelHost(KernelClock clock, String threadName) {
        this.clock = new TickingKernelClock(clock);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    KernelClock clock() {
        return clock;
    }

    /** Opens a descriptor whose buffers come from {@code memory}, as {@code open("/dev/bpf")}. */
    public HostedDevice open(BufferMemory memory) {
        return new HostedDevice(this, memory, new BpfDescriptor(clock, memory.pageSize()));
    }

    /**
     * Opens a descriptor as {@link #open(BufferMemory)} whose zero-copy buffers are {@code scheme}'s (see
     * {@link ZeroCopyScheme}) instead of zbuf's own.
     */
    public HostedDevice open(BufferMemory memory, ZeroCopyScheme scheme) {
        return new HostedDevice(this, memory, new BpfDescriptor(clock, memory.pageSize(), scheme));
    }

    /**
     * Creates an interface fed by a source (see {@link SourceSpec}); it starts when the first descriptor
     * attaches and goes away when the source runs out. The name of an interface that went away can be reused.
     *
     * @throws BpfException {@link Errno#EBUSY} if the name is taken, {@link Errno#EINVAL} for a source that
     *                      cannot be opened, or the error a source refused with (ENXIO: no such network interface)
     */
    public void createInterface(String name, String source) throws BpfException {
        PacketSource packets;
        try {
            packets = SourceSpec.parse(source).open();
        } catch (BpfException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new BpfException(Errno.EINVAL, "interface " + name + ": " + e.getMessage(), e);
        }
        try {
            call(() -> {
                HostedInterface existing = interfaces.get(name);
                if (existing != null && !existing.gone()) {
                    throw new BpfException(Errno.EBUSY, "interface " + name + " already exists");
                }
                pumpOrder.remove(existing);
                HostedInterface hosted = new HostedInterface(name, source, packets, this::interrupt);
                interfaces.put(name, hosted);
                pumpOrder.add(hosted);
                return null;
            });
        } catch (BpfException e) {
            closeQuietly(packets);
            throw e;
        }
    }

    /** Names of the interfaces that are up, in order of creation. */
    public List<String> interfaces() throws BpfException {
        return call(this::interfaceNames);
    }

    /** Kernel thread: the names of the interfaces that are not gone, in the order they were created. */
    private List<String> interfaceNames() {
        List<String> names = new ArrayList<>();
        for (HostedInterface hosted : pumpOrder) {
            if (!hosted.gone()) {
                names.add(hosted.name());
            }
        }
        return names;
    }

    /** Runs {@code call} on the kernel thread and returns its outcome, as an ioctl returns. */
    <T> T call(KernelCall<T> call) throws BpfException {
        if (Thread.currentThread() == thread) {
            return call.run();
        }
        PendingCall<T> pending = new PendingCall<>(call);
        calls.add(pending);
        LockSupport.unpark(thread);
        if (!running) {
            // the kernel thread may still be finishing a round, writing into buffers the caller is about to release
            awaitStopped();
            drainCalls(false);
        }
        return pending.await();
    }

    /** Any thread: an event-driven source has packets, or a hardware interrupt: wakes the kernel thread. */
    private void interrupt() {
        LockSupport.unpark(thread);
    }

    /** Kernel thread: the interface of that name, as BIOCSETIF looks it up. */
    HostedInterface lookup(String name) throws BpfException {
        HostedInterface hosted = interfaces.get(name);
        if (hosted == null || hosted.gone()) {
            throw new NoSuchInterfaceException(name, interfaceNames());
        }
        return hosted;
    }

    /**
     * Sets what the kernel thread does when memory it writes faults: a mapped file truncated under a buffer
     * makes the JVM raise an {@link InternalError}, possibly some instructions after the access. The handler
     * runs on the kernel thread, which then goes on; by default the fault is logged.
     */
    public void onMemoryFault(Consumer<InternalError> handler) {
        this.memoryFaults = handler;
    }

    private static void logMemoryFault(InternalError fault) {
        System.getLogger(KernelHost.class.getName()).log(System.Logger.Level.ERROR, "the kernel thread's memory faulted", fault);
    }

    /**
     * Kernel thread: what any throwable that reached the kernel's loop means. A memory fault goes to the
     * {@linkplain #onMemoryFault handler}; anything else is a bug, logged. The kernel goes on either way.
     */
    void faulted(Throwable failure) {
        if (failure instanceof InternalError fault) {
            memoryFaults.accept(fault);
        } else {
            System.getLogger(KernelHost.class.getName()).log(System.Logger.Level.ERROR, "the kernel thread failed", failure);
        }
    }

    private void run() {
        try {
            while (running) {
                try {
                    runUntilFault();
                } catch (Throwable failure) {
                    faulted(failure);
                }
            }
        } finally {
            running = false; // even if a handler threw: no caller parks on a kernel that has ended
            drainCalls(false);
            for (HostedInterface hosted : pumpOrder) {
                hosted.goAway();
            }
        }
    }

    private void runUntilFault() {
        while (running) {
            int work = drainCalls(true);
            clock.tick();
            long now = System.nanoTime();
            long nextDue = Long.MAX_VALUE;
            for (int i = 0, n = pumpOrder.size(); i < n; i++) {
                HostedInterface hosted = pumpOrder.get(i);
                work += hosted.pump(now, BATCH);
                nextDue = Math.min(nextDue, hosted.nextDueNanos());
            }
            if (work == 0) {
                idle(now, nextDue);
            }
        }
    }

    private int drainCalls(boolean execute) {
        int count = 0;
        Runnable call;
        while ((call = calls.poll()) != null) {
            if (execute) {
                call.run();
            } else {
                ((PendingCall<?>) call).abandon();
            }
            count++;
        }
        return count;
    }

    private void idle(long now, long nextDue) {
        if (!calls.isEmpty()) {
            return;
        }
        if (nextDue == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else if (nextDue - now > 0) {
            LockSupport.parkNanos(this, nextDue - now);
        }
    }

    private static void closeQuietly(PacketSource packets) {
        try {
            packets.close();
        } catch (IOException ignored) {
            // never used
        }
    }

    /** Stops the kernel thread; every interface goes away, pending and later calls fail as on a closed descriptor. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            awaitStopped();
        }
        drainCalls(false);
    }

    /**
     * Waits until the kernel thread has ended, through interrupts (the caller keeps its interrupt): once it stops
     * running, it ends within a round of work, and only then no descriptor's buffers are written any more.
     */
    private void awaitStopped() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
