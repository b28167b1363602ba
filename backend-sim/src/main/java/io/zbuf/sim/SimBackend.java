package io.zbuf.sim;

import io.zbuf.host.AlignedBufferMemory;
import io.zbuf.host.KernelHost;
import io.zbuf.core.kernel.KernelClock;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Device;

import java.util.List;

/**
 * The default backend: a kernel simulated in this JVM. Deterministic sources, no privileges, any OS.
 *
 * <p>It starts with one interface, {@value #DEFAULT_INTERFACE}, fed by a synthetic source of UDP frames
 * ({@value #DEFAULT_SOURCE});
 * {@link #createInterface} adds more (synthetic, or replay of a pcap/pcapng file). Its buffers are
 * page-aligned direct memory. The kernel thread starts on first use; {@link #close()} stops it.
 */
public final class SimBackend implements Backend, AutoCloseable {
    /** The name users select this backend by. */
    public static final String NAME = "sim";
    /** The interface every simulated kernel starts with. */
    public static final String DEFAULT_INTERFACE = "sim0";
    /** What feeds {@link #DEFAULT_INTERFACE}. */
    public static final String DEFAULT_SOURCE = "synthetic:sizes=64/576/1514,rate=10000";
    /** FreeBSD's page size on amd64. */
    public static final int DEFAULT_PAGE_SIZE = 4096;

    private final KernelClock clock;
    private final AlignedBufferMemory memory;
    private KernelHost kernel;

    /** A simulated kernel on the real clock with 4 KiB pages: what {@link java.util.ServiceLoader} creates. */
    public SimBackend() {
        this(SystemKernelClock.INSTANCE, DEFAULT_PAGE_SIZE);
    }

    /**
     * A simulated kernel stamping packets with {@code clock} (a manual clock makes timestamps deterministic)
     * and mapping buffers in pages of {@code pageSize} bytes.
     */
    public SimBackend(KernelClock clock, int pageSize) {
        this.clock = clock;
        this.memory = new AlignedBufferMemory(pageSize);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "in-process simulated kernel: deterministic sources, no privileges";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public Device open() throws BpfException {
        return kernel().open(memory);
    }

    @Override
    public List<String> interfaces() throws BpfException {
        return kernel().interfaces();
    }

    @Override
    public void createInterface(String interfaceName, String source) throws BpfException {
        kernel().createInterface(interfaceName, source);
    }

    private synchronized KernelHost kernel() throws BpfException {
        if (kernel == null) {
            KernelHost started = new KernelHost(clock, "zbuf-sim-kernel");
            started.createInterface(DEFAULT_INTERFACE, DEFAULT_SOURCE);
            kernel = started;
        }
        return kernel;
    }

    /** Stops the kernel thread; open descriptors fail from then on. */
    @Override
    public synchronized void close() {
        if (kernel != null) {
            kernel.close();
            kernel = null;
        }
    }
}
