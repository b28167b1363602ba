package io.zbuf.core;

import com.google.inject.Guice;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.wiring.BackendRegistry;
import io.zbuf.core.wiring.ZbufModule;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Device;

/**
 * The entry point for users who do not use Guice: pick a backend by name, open a capture.
 *
 * <pre>{@code
 * try (ZbufCapture capture = Zbuf.open("sim", CaptureConfig.builder("sim0").build())) {
 *     capture.dispatch(record -> System.out.println(record.caplen()), Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * Users of Guice install {@link ZbufModule} and inject {@link BackendRegistry} instead.
 */
public final class Zbuf {
    private Zbuf() {
    }

    /** The backends on the class path, found once. */
    public static BackendRegistry backends() {
        return Registry.INSTANCE;
    }

    /**
     * Opens a zero-copy capture on an interface of the named backend.
     *
     * @throws IllegalArgumentException if there is no such backend
     * @throws io.zbuf.spi.BackendUnavailableException if it cannot work here
     * @throws BpfException if the descriptor refuses the setup; nothing is left open
     */
    public static ZbufCapture open(String backendName, CaptureConfig config) throws BpfException {
        Backend backend = backends().require(backendName);
        Device device = backend.open();
        return ZbufCapture.open(device, config);
    }

    /** Lazy holder: the injector is built on first use. */
    private static final class Registry {
        static final BackendRegistry INSTANCE = Guice.createInjector(new ZbufModule()).getInstance(BackendRegistry.class);
    }
}
