package io.zbuf.core.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BackendUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class BackendRegistryTest {
    private final Backend ready = backend("ready", null);
    private final Backend broken = backend("broken", new FileNotFoundException("/dev/bpf is missing"));
    private final Injector injector = Guice.createInjector(new ZbufModule(List.of(ready, broken)));
    private final BackendRegistry registry = injector.getInstance(BackendRegistry.class);

    @Test
    void bindsEveryBackendByName() {
        Map<String, Backend> byName = injector.getInstance(Key.get(new TypeLiteral<Map<String, Backend>>() { }));
        assertThat(byName).containsOnlyKeys("ready", "broken").containsEntry("ready", ready);
    }

    @Test
    void listsBackendsSortedByName() {
        assertThat(registry.all()).containsExactly(broken, ready);
    }

    @Test
    void isOneInstancePerInjector() {
        assertThat(injector.getInstance(BackendRegistry.class)).isSameAs(registry);
    }

    @Test
    void givesAnAvailableBackend() {
        assertThat(registry.require("ready")).isSameAs(ready);
        assertThat(registry.get("broken")).isSameAs(broken);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend 'nope'; known backends: broken, ready");
    }

    @Test
    void anUnavailableBackendFailsWithItsCause() {
        assertThatThrownBy(() -> registry.require("broken")).isInstanceOf(BackendUnavailableException.class)
                .hasMessage("backend broken is unavailable: /dev/bpf is missing")
                .cause().isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void theDefaultModuleFindsBackendsWithServiceLoader() {
        BackendRegistry found = Guice.createInjector(new ZbufModule()).getInstance(BackendRegistry.class);
        assertThat(found.all()).as("zbuf-core itself registers no backend").isEmpty();
    }

    private static Backend backend(String name, Throwable cause) {
        Backend backend = mock(Backend.class);
        when(backend.name()).thenReturn(name);
        when(backend.isAvailable()).thenReturn(cause == null);
        when(backend.unavailabilityCause()).thenReturn(cause);
        org.mockito.Mockito.doCallRealMethod().when(backend).ensureAvailability();
        return backend;
    }
}
