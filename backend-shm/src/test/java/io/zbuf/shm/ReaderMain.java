package io.zbuf.shm;

import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A reader in its own process, for tests that kill one: {@code ReaderMain --socket PATH --interface NAME}.
 * Opens a capture, prints its shared file's path on a line of its own, then reads until killed.
 */
public final class ReaderMain {
    private ReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        ShmBackend backend = new ShmBackend(Path.of(args[1]));
        ShmDevice device = backend.open();
        try (ZbufCapture capture = ZbufCapture.open(device, CaptureConfig.builder().interfaceName(args[3])
                .readTimeout(Duration.ofMillis(10)).build())) {
            System.out.println(device.bufferMemory().file());
            System.out.flush();
            while (true) {
                capture.dispatch(record -> { }, Duration.ofMillis(200));
            }
        }
    }
}
