package io.zbuf.host;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;

import java.util.concurrent.locks.LockSupport;

/** A {@link KernelCall} queued for the kernel thread, and the caller waiting for its outcome. */
final class PendingCall<T> implements Runnable {
    private final KernelCall<T> call;
    private final Thread caller = Thread.currentThread();
    private volatile boolean done;
    private T result;
    private BpfException error;
    private Throwable failure;

    PendingCall(KernelCall<T> call) {
        this.call = call;
    }

    @Override
    public void run() {
        try {
            result = call.run();
        } catch (BpfException e) {
            error = e;
        } catch (InternalError fault) {
            error = new BpfException(Errno.EFAULT, "the descriptor's memory faulted: " + fault.getMessage(), fault);
            throw fault;
        } catch (Throwable e) {
            failure = e; // a bug: the caller gets it, the kernel goes on
        } finally {
            done = true;
            LockSupport.unpark(caller);
        }
    }

    /** Completes the call without running it: the kernel stopped. */
    void abandon() {
        error = new DeviceClosedException("kernel host (stopped)");
        done = true;
        LockSupport.unpark(caller);
    }

    /** Waits, uninterruptibly as an ioctl does, for the kernel thread to run the call. */
    T await() throws BpfException {
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error != null) {
            throw error;
        }
        if (failure instanceof RuntimeException bug) {
            throw bug;
        }
        if (failure instanceof Error bug) {
            throw bug;
        }
        return result;
    }
}
