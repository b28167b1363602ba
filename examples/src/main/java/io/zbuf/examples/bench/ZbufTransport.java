package io.zbuf.examples.bench;

import io.zbuf.core.source.SyntheticSource;
import io.zbuf.core.user.BusySpinIdleStrategy;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.IdleStrategy;
import io.zbuf.core.user.RecordHandler;
import io.zbuf.core.user.YieldingIdleStrategy;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.examples.process.KernelDaemonProcess;
import io.zbuf.shm.ShmDevice;
import io.zbuf.sim.SimBackend;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.Device;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.TimestampType;

import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * zbuf itself: a kernel (a thread of this JVM, or the {@code zbuf kernel} daemon in a child JVM) captures a
 * synthetic source sending as fast as it can, and this thread reads the records in place through
 * {@link ZbufCapture}, as a user after throughput would: it polls shared memory ({@link ZbufCapture#poll}),
 * spinning or yielding like the other transports' readers, and blocks in {@link ZbufCapture#dispatch} (poll(2),
 * then BIOCROTZBUF) only after 50 ms without a buffer. Like a network card, the source does not wait for the
 * reader: what the reader cannot take the kernel drops and counts, so every run checks delivered + kernel drops =
 * sent. Each run is a new interface whose source stops after the run's packets; the run ends when the interface
 * is gone and drained.
 *
 * <p>A run is timed, and its control messages counted, while it is saturated: from the first to the last buffer
 * found in shared memory. The run's last, partial buffer, which only BIOCROTZBUF can hand over once the source
 * has stopped, lies outside that window, and so does the wait before it.
 */
public final class ZbufTransport implements Transport {
    /** The interface each run creates, gone again at the run's end. */
    static final String INTERFACE = "bench0";
    /** Both buffers at libpcap's default size, 512 KiB: 1 MiB in flight at most. */
    static final int BUFFER_SIZE = 512 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofMillis(100);
    /**
     * How long the reader polls shared memory (spinning or yielding, as the other transports' readers) before it
     * blocks: far longer than filling a buffer takes at saturation, even on a slow machine.
     */
    private static final long BLOCK_AFTER_NANOS = Duration.ofMillis(50).toNanos();
    private static final long STALL_NANOS = Duration.ofSeconds(10).toNanos();

    private final Backend backend;
    private final ToLongFunction<Device> controlMessages;
    private final AutoCloseable kernel;
    private final TimestampType timestamps;

    private ZbufTransport(Backend backend, ToLongFunction<Device> controlMessages, AutoCloseable kernel, TimestampType timestamps) {
        this.backend = backend;
        this.controlMessages = controlMessages;
        this.kernel = kernel;
        this.timestamps = timestamps;
    }

    /** The simulator: the kernel is a thread of this JVM, stamping records as {@code timestamps} says. */
    public static ZbufTransport inProcess(TimestampType timestamps) {
        SimBackend sim = new SimBackend();
        return new ZbufTransport(sim, device -> -1, sim, timestamps);
    }

    /** The shm backend: the kernel daemon runs in a child JVM and writes into this process's /dev/shm files. */
    public static ZbufTransport crossProcess(TimestampType timestamps) throws Exception {
        KernelDaemonProcess daemon = KernelDaemonProcess.start(List.of());
        return new ZbufTransport(daemon.backend(), device -> ((ShmDevice) device).controlMessages(), daemon, timestamps);
    }

    @Override
    public Session open(int size, long count, int runs) {
        String source = "synthetic:size=" + size + ",count=" + count + ",rate=0";
        return () -> run(source, count);
    }

    private RunResult run(String source, long count) throws Exception {
        backend.createInterface(INTERFACE, source);
        Device device = backend.open();
        CaptureConfig config = CaptureConfig.builder().interfaceName(INTERFACE).bufferSize(BUFFER_SIZE).readTimeout(READ_TIMEOUT)
                .timestampType(timestamps).build();
        try (ZbufCapture capture = ZbufCapture.open(device, config)) {
            RunReceiver receiver = new RunReceiver(0, count);
            // one read of the sequence number at its fixed offset, as Aeron's and Agrona's readers do (bounded by caplen)
            RecordHandler handler = record -> receiver.onMessage(record.unsignedIntAt(SyntheticSource.SEQUENCE_OFFSET));
            IdleStrategy idle = Messages.spins() ? new BusySpinIdleStrategy() : new YieldingIdleStrategy();
            long firstControl = 0;
            long firstBuffers = 0;
            long lastControl = 0;
            long lastBuffers = 0;
            long lastProgress = System.nanoTime();
            while (true) {
                int records = capture.poll(handler);
                long now = System.nanoTime();
                if (records > 0) {
                    if (firstBuffers == 0) {
                        firstControl = controlMessages.applyAsLong(device);
                        firstBuffers = capture.buffersReceived();
                    }
                    lastControl = controlMessages.applyAsLong(device);
                    lastBuffers = capture.buffersReceived();
                    receiver.polled(records);
                } else if (now - lastProgress > BLOCK_AFTER_NANOS) {
                    try {
                        records = capture.dispatch(handler, WAIT);
                    } catch (InterfaceGoneException drained) {
                        break;
                    }
                    now = System.nanoTime();
                }
                if (records > 0) {
                    lastProgress = now;
                } else if (now - lastProgress > STALL_NANOS) {
                    return receiver.failed("no packet for 10 s after " + receiver.received() + " of " + count);
                }
                idle.idle(records);
            }
            BpfStats stats = capture.stats();
            if (stats.received() != count) {
                return receiver.failed("the kernel received " + stats.received() + " packets, not the " + count + " sent");
            }
            return receiver.result(stats.dropped(), firstControl < 0 ? -1 : lastControl - firstControl, lastBuffers - firstBuffers);
        }
    }

    /** Stops the kernel: the simulator's thread or the daemon's JVM. */
    @Override
    public void close() throws Exception {
        kernel.close();
    }
}
