package io.zbuf.afpacket;

import io.zbuf.afpacket.AfPacketSocket.Event;
import io.zbuf.afpacket.libc.LinuxErrno;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A live source's interrupt line, as a network card's: a thread that is masked until the kernel thread finds the
 * ring empty and {@linkplain #arm() arms} it, then waits in {@code poll(2)} for the kernel to hand a block over,
 * runs the handler (which wakes the kernel thread) and is masked again. Under load the kernel thread never finds
 * the ring empty, so the line costs no system call at all.
 *
 * <p>An error on the socket means that its interface went down or away. The line then waits out the ring's
 * retire timeout, so that the kernel hands over the block it was filling, records the failure and runs the
 * handler a last time: the kernel thread reads what is left and then reports the failure. The kernel keeps the
 * socket's poll readable while the block before its current one is the reader's; the line is armed only once
 * the reader gave back everything it took, so it never spins.
 */
final class RingInterrupt implements AutoCloseable {
    /** Longest single wait in poll: the line looks at whether it was closed at least this often. */
    static final int POLL_MILLIS = 1000;
    /** Added to the retire timeout when waiting for the last block of an interface that went down. */
    static final long DRAIN_SLACK_MILLIS = 50;
    private static final long JOIN_MILLIS = 5000;

    private final AfPacketSocket socket;
    private final long drainNanos;
    private final Thread thread;
    private volatile Runnable handler;
    private volatile boolean armed;
    private volatile boolean closed;
    private volatile IOException failure;

    /** The line of {@code socket}, whose ring retires a block after {@code retireTimeoutMillis}; not started. */
    RingInterrupt(AfPacketSocket socket, int retireTimeoutMillis) {
        this.socket = socket;
        this.drainNanos = TimeUnit.MILLISECONDS.toNanos(2L * retireTimeoutMillis + DRAIN_SLACK_MILLIS);
        this.thread = new Thread(this::run, "zbuf-afpacket-" + socket.interfaceName());
        this.thread.setDaemon(true);
    }

    /** Kernel thread: from now on the line runs {@code interrupt}. The first call starts the thread. */
    void start(Runnable interrupt) {
        handler = interrupt;
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    /** Kernel thread: the ring is empty; interrupt when the kernel hands a block over. */
    void arm() {
        if (!armed) {
            armed = true;
            LockSupport.unpark(thread);
        }
    }

    /** Whether the line is armed and has not fired since. */
    boolean armed() {
        return armed;
    }

    /** Why the interface cannot be read any more, once the line saw it go down or away; {@code null} until then. */
    IOException failure() {
        return failure;
    }

    private void run() {
        while (!closed) {
            if (!armed) {
                LockSupport.park(this);
                continue;
            }
            Event event = socket.awaitEvent(POLL_MILLIS);
            if (event == Event.READABLE) {
                fire();
            } else if (event == Event.ERROR) {
                failed(socket.takeError());
                return;
            }
        }
    }

    /** The socket reported {@code errno}: waits for the ring to hand over its last block, then says so. */
    private void failed(int errno) {
        long deadline = System.nanoTime() + drainNanos;
        for (long left = drainNanos; left > 0 && !closed; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        LinuxErrno known = LinuxErrno.ofCode(errno);
        String why = known == null ? "Linux errno " + errno : known.description();
        String what = socket.interfaceExists() ? "went down" : "went away";
        failure = new IOException("interface " + socket.interfaceName() + " " + what + " (" + why + ")");
        fire();
    }

    private void fire() {
        armed = false;
        handler.run();
    }

    /** Stops the thread and waits for it to end, so that the socket can be closed. */
    @Override
    public void close() {
        closed = true;
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        socket.wake();
        LockSupport.unpark(thread);
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        while (thread.isAlive() && deadline - System.nanoTime() > 0) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
