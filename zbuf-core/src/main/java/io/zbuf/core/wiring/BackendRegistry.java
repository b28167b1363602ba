package io.zbuf.core.wiring;

import io.zbuf.spi.Backend;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The backends by name: what a user selects with {@code --backend}. */
@Singleton
public final class BackendRegistry {
    private final Map<String, Backend> backends;

    @Inject
    public BackendRegistry(Map<String, Backend> backends) {
        this.backends = new TreeMap<>(backends);
    }

    /** Every backend, available or not, sorted by name. */
    public List<Backend> all() {
        return new ArrayList<>(backends.values());
    }

    /**
     * The backend of that name, available or not.
     *
     * @throws IllegalArgumentException if there is no such backend; the message lists the known ones
     */
    public Backend get(String name) {
        Backend backend = backends.get(name);
        if (backend == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; known backends: " + String.join(", ", backends.keySet()));
        }
        return backend;
    }

    /**
     * The backend of that name, which must be available.
     *
     * @throws IllegalArgumentException if there is no such backend
     * @throws io.zbuf.spi.BackendUnavailableException if it cannot work here; the cause says why
     */
    public Backend require(String name) {
        Backend backend = get(name);
        backend.ensureAvailability();
        return backend;
    }
}
