package io.zbuf.shm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonSocketTest {
    @Test
    void thePropertyComesFirstThenTheEnvironmentThenTheRuntimeDirectory() {
        Map<String, String> all = Map.of(DaemonSocket.ENVIRONMENT, "/e/k.sock", "XDG_RUNTIME_DIR", "/run/user/7");
        assertThat(DaemonSocket.resolve("/p/k.sock", all, "me")).isEqualTo(Path.of("/p/k.sock"));
        assertThat(DaemonSocket.resolve(" ", all, "me")).isEqualTo(Path.of("/e/k.sock"));
        assertThat(DaemonSocket.resolve(null, all, "me")).isEqualTo(Path.of("/e/k.sock"));
        assertThat(DaemonSocket.resolve(null, Map.of(DaemonSocket.ENVIRONMENT, "", "XDG_RUNTIME_DIR", "/run/user/7"), "me"))
                .isEqualTo(Path.of("/run/user/7/zbuf-me/kernel.sock"));
        assertThat(DaemonSocket.resolve(null, Map.of("XDG_RUNTIME_DIR", " "), "me")).isEqualTo(Path.of("/tmp/zbuf-me/kernel.sock"));
        assertThat(DaemonSocket.resolve(null, Map.of(), "me")).isEqualTo(Path.of("/tmp/zbuf-me/kernel.sock"));
        assertThat(DaemonSocket.resolve("rel.sock", Map.of(), "me")).isEqualTo(Path.of("rel.sock").toAbsolutePath());
    }

    @Test
    void thisProcessResolvesToAnAbsolutePath() {
        assertThat(DaemonSocket.resolve()).isAbsolute();
    }
}
