package consumer;

import io.zbuf.core.Zbuf;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's core API, as a user copies it: capture packets of the simulator's sim0. */
class PlainCaptureTest {
    @Test
    void capturesPacketsOnTheSimulator() throws Exception {
        int[] captured = {0};
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (ZbufCapture capture = Zbuf.open("sim", CaptureConfig.builder().interfaceName("sim0").immediate(true).build())) {
            while (captured[0] < 100) {
                assertTrue(System.nanoTime() - deadline < 0, "100 packets within 30 s, got " + captured[0]);
                capture.dispatch(record -> {
                    assertEquals(0x0800, record.unsignedShortAt(12), "EtherType IPv4");
                    captured[0]++;
                }, Duration.ofMillis(200));
            }
            assertTrue(capture.stats().received() >= 100);
        }
    }
}
