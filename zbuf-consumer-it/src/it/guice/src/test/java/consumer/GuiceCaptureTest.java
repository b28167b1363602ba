package consumer;

import com.google.inject.Guice;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.wiring.BackendRegistry;
import io.zbuf.core.wiring.ZbufModule;
import io.zbuf.spi.Backend;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** With Guice: ZbufModule finds the backends on the class path, the registry hands out the simulator. */
class GuiceCaptureTest {
    @Test
    void capturesThroughTheInjectedRegistry() throws Exception {
        BackendRegistry backends = Guice.createInjector(new ZbufModule()).getInstance(BackendRegistry.class);
        Backend sim = backends.require("sim");
        int[] captured = {0};
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (ZbufCapture capture = ZbufCapture.open(sim.open(), CaptureConfig.builder().interfaceName("sim0").immediate(true).build())) {
            while (captured[0] < 100) {
                assertTrue(System.nanoTime() - deadline < 0, "100 packets within 30 s, got " + captured[0]);
                captured[0] += capture.dispatch(record -> { }, Duration.ofMillis(200));
            }
        }
    }
}
