package io.zbuf.freebsd;

import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Device;

import java.util.List;

/**
 * FreeBSD's own {@code /dev/bpf} in zero-copy mode, through JNA. Interfaces are the machine's
 * ({@code if_nameindex(3)}); it cannot create any.
 *
 * <p>{@link java.util.ServiceLoader} creates it with the no-argument constructor, which binds the real C library
 * when {@link FreeBsdAvailability} says the backend can work and is otherwise unavailable with that cause.
 */
public final class FreeBsdBackend implements Backend {
    /** The name users select this backend by. */
    public static final String NAME = "freebsd";

    private final BsdLibc libc;
    private final Throwable unavailabilityCause;

    /** The backend on this machine's C library as {@link FreeBsdAvailability} bound it, or unavailable with its cause. */
    public FreeBsdBackend() {
        this(FreeBsdAvailability.libc(), FreeBsdAvailability.unavailabilityCause());
    }

    /**
     * The backend on {@code libc}, taken to be FreeBSD's: available if {@link FreeBsdAvailability#probe(BsdLibc)}
     * finds {@code /dev/bpf} usable through it. Tests pass a C library that plays FreeBSD's kernel.
     */
    public FreeBsdBackend(BsdLibc libc) {
        this(libc, FreeBsdAvailability.probe(libc));
    }

    private FreeBsdBackend(BsdLibc libc, Throwable unavailabilityCause) {
        this.libc = libc;
        this.unavailabilityCause = unavailabilityCause;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "FreeBSD's /dev/bpf in zero-copy mode, through JNA";
    }

    @Override
    public boolean isAvailable() {
        return unavailabilityCause == null;
    }

    @Override
    public Throwable unavailabilityCause() {
        return unavailabilityCause;
    }

    /**
     * Opens {@code /dev/bpf}.
     *
     * @throws io.zbuf.spi.BackendUnavailableException if the backend cannot work here
     */
    @Override
    public Device open() throws BpfException {
        ensureAvailability();
        return FreeBsdDevice.open(libc);
    }

    /**
     * The machine's interfaces, from {@code if_nameindex(3)}.
     *
     * @throws io.zbuf.spi.BackendUnavailableException if the backend cannot work here
     */
    @Override
    public List<String> interfaces() throws BpfException {
        ensureAvailability();
        return InterfaceNames.list(libc);
    }
}
