package io.zbuf.shm;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the kernel daemon listens: the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENVIRONMENT}, else {@code kernel.sock} in a private directory {@code zbuf-$USER} under
 * {@code $XDG_RUNTIME_DIR}, or under {@code /tmp} without one.
 */
public final class DaemonSocket {
    /** System property naming the socket. */
    public static final String PROPERTY = "zbuf.shm.socket";
    /** Environment variable naming the socket. */
    public static final String ENVIRONMENT = "ZBUF_SHM_SOCKET";
    /** The socket's file name in the default directory. */
    public static final String FILE_NAME = "kernel.sock";

    private DaemonSocket() {
    }

    /** The socket of this process's settings. */
    public static Path resolve() {
        return resolve(System.getProperty(PROPERTY), System.getenv(), System.getProperty("user.name"));
    }

    static Path resolve(String property, Map<String, String> environment, String user) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String variable = environment.get(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath();
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        Path base = Path.of(runtime == null || runtime.isBlank() ? "/tmp" : runtime);
        return base.resolve("zbuf-" + user).resolve(FILE_NAME);
    }
}
