package io.zbuf.core.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.zbuf.spi.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Guice module that binds every backend by name into a {@code Map<String, Backend>} and a
 * {@link BackendRegistry}. By default the backends are those {@link ServiceLoader} finds on the class path.
 */
public final class ZbufModule extends AbstractModule {
    private final List<Backend> backends;

    /** Binds the backends found with {@link ServiceLoader}. */
    public ZbufModule() {
        this(ServiceLoader.load(Backend.class));
    }

    /** Binds exactly these backends. */
    public ZbufModule(Iterable<? extends Backend> backends) {
        this.backends = new ArrayList<>();
        backends.forEach(this.backends::add);
    }

    @Override
    protected void configure() {
        MapBinder<String, Backend> byName = MapBinder.newMapBinder(binder(), String.class, Backend.class);
        for (Backend backend : backends) {
            byName.addBinding(backend.name()).toInstance(backend);
        }
        bind(BackendRegistry.class);
    }
}
