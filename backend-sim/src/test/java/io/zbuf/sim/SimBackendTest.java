package io.zbuf.sim;

import io.zbuf.core.kernel.ManualKernelClock;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.wiring.BackendRegistry;
import io.zbuf.core.wiring.ZbufModule;
import com.google.inject.Guice;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimBackendTest {
    @Test
    void isAlwaysAvailableUnderItsName() {
        try (SimBackend backend = new SimBackend()) {
            assertThat(backend.name()).isEqualTo("sim");
            assertThat(backend.isAvailable()).isTrue();
            assertThat(backend.unavailabilityCause()).isNull();
            assertThat(backend.description()).contains("simulated");
        }
    }

    @Test
    void startsWithTheDefaultSyntheticInterface() throws Exception {
        try (SimBackend backend = new SimBackend()) {
            assertThat(backend.interfaces()).containsExactly(SimBackend.DEFAULT_INTERFACE);
        }
    }

    @Test
    void isFoundByServiceLoaderAndBoundByName() {
        BackendRegistry registry = Guice.createInjector(new ZbufModule()).getInstance(BackendRegistry.class);
        assertThat(registry.require("sim")).isInstanceOf(SimBackend.class);
    }

    @Test
    void rejectsPageSizesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new SimBackend(new ManualKernelClock(0), 5000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usesItsPageSizeForBuffers() throws Exception {
        try (SimBackend backend = new SimBackend(new ManualKernelClock(0), 16384); var device = backend.open()) {
            assertThat(device.bufferMemory().pageSize()).isEqualTo(16384);
            assertThat(device.bufferMemory().allocate(16384).capacity()).isEqualTo(16384);
        }
    }

    @Test
    void aManualClockMakesTimestampsDeterministic() throws Exception {
        long epoch = 1_700_000_000_123_456_000L;
        try (SimBackend backend = new SimBackend(new ManualKernelClock(epoch), 4096)) {
            backend.createInterface("det0", "synthetic:count=5,size=64");
            List<Long> stamps = new ArrayList<>();
            try (ZbufCapture capture = ZbufCapture.open(backend.open(),
                    CaptureConfig.builder().interfaceName("det0").readTimeout(Duration.ofMillis(5)).build())) {
                assertThatThrownBy(() -> {
                    while (true) {
                        capture.dispatch(record -> stamps.add(record.epochNanos()), Duration.ofSeconds(20));
                    }
                }).isInstanceOf(InterfaceGoneException.class);
            }
            assertThat(stamps).hasSize(5).containsOnly(epoch);
        }
    }

    @Test
    void aNameIsTakenOnce() throws Exception {
        try (SimBackend backend = new SimBackend()) {
            backend.createInterface("twice", "synthetic:rate=1");
            assertThatThrownBy(() -> backend.createInterface("twice", "synthetic:rate=1"))
                    .isInstanceOf(BpfException.class).extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EBUSY);
        }
    }

    @Test
    void anUnreadableSourceIsInvalid() throws Exception {
        try (SimBackend backend = new SimBackend()) {
            assertThatThrownBy(() -> backend.createInterface("bad", "pcap:/no/such/file.pcap"))
                    .isInstanceOf(BpfException.class)
                    .hasMessageContaining("/no/such/file.pcap")
                    .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EINVAL);
            assertThat(backend.interfaces()).doesNotContain("bad");
        }
    }

    @Test
    void descriptorsFailOnceTheKernelStopped() throws Exception {
        SimBackend backend = new SimBackend();
        var device = backend.open();
        backend.close();
        assertThatThrownBy(device::bufferMode).isInstanceOf(BpfException.class);
    }
}
