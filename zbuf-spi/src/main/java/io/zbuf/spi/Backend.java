package io.zbuf.spi;

import java.util.List;

/**
 * A way to get BPF descriptors: the real {@code /dev/bpf}, a kernel in another JVM, a simulated one.
 *
 * <p>After Netty's native transports: a backend says whether it can work here and, if not, why
 * ({@link #unavailabilityCause()}); it never falls back silently. Implementations are found with
 * {@link java.util.ServiceLoader} and must have a public no-argument constructor.
 */
public interface Backend {
    /** The name users select it by: {@code sim}, {@code shm}, {@code freebsd}. */
    String name();

    /** One line on what it is. */
    String description();

    /** Whether {@link #open()} can work on this machine. */
    boolean isAvailable();

    /** Why the backend is unavailable, or {@code null} when it is available. */
    Throwable unavailabilityCause();

    /**
     * Throws if the backend is unavailable, with the cause attached.
     *
     * @throws BackendUnavailableException if {@link #isAvailable()} is false
     */
    default void ensureAvailability() {
        if (!isAvailable()) {
            throw new BackendUnavailableException(name(), unavailabilityCause());
        }
    }

    /** Opens a new descriptor, as {@code open("/dev/bpf")}. */
    Device open() throws BpfException;

    /** The names of the interfaces a descriptor can attach to. */
    List<String> interfaces() throws BpfException;

    /**
     * Creates an interface fed by a packet source, where the backend hosts its own (sim, shm).
     *
     * @param interfaceName the new interface's name
     * @param source        a source specification, for example {@code synthetic:size=64} or {@code pcap:/tmp/in.pcap}
     * @throws BpfException {@link Errno#EOPNOTSUPP} where interfaces are real (freebsd), {@link Errno#EBUSY}
     *                      if the name is taken, {@link Errno#EINVAL} for a source that cannot be read
     */
    default void createInterface(String interfaceName, String source) throws BpfException {
        throw new BpfException(Errno.EOPNOTSUPP, "backend " + name() + " cannot create interface " + interfaceName
                + ": its interfaces are the machine's own");
    }
}
