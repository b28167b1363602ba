package io.zbuf.freebsd;

import io.zbuf.host.KernelHost;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.spi.BackendUnavailableException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end through JNA: {@link FreeBsdBackend} on the fake FreeBSD kernel, opened by zbuf-core's
 * {@link ZbufCapture} with libpcap's ioctl sequence, records from a synthetic interface read from the mmap'd
 * pages by the shared consumer.
 */
class FreeBsdCaptureTest {
    private static final Duration LIVENESS = Duration.ofSeconds(20);
    private static final int SEQUENCE_OFFSET = 14 + 20 + 8;

    private final KernelHost kernel = new KernelHost(SystemKernelClock.INSTANCE, "fake-freebsd-kernel");
    private final FakeFreeBsdKernelLibc libc = FakeFreeBsdKernelLibc.on(kernel);
    private final FreeBsdBackend backend = new FreeBsdBackend(libc);

    @AfterEach
    void stopKernel() {
        kernel.close();
    }

    @Test
    void everyPacketSentIsCapturedOrCountedAsDroppedInOrder() throws Exception {
        int packets = 5_000;
        // paced, so the interface outlives the capture's setup: BIOCGDLT fails once a finite source ran out
        kernel.createInterface("em0", "synthetic:count=" + packets + ",size=300,rate=50000");
        List<Integer> sequences = new ArrayList<>();
        long received;
        long dropped;
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName("em0")
                .bufferSize(4 * 4096).readTimeout(Duration.ofMillis(10)).build())) {
            assertThat(capture.linkType()).isEqualTo(LinkType.EN10MB);
            assertThat(capture.bufferSize()).isEqualTo(4 * 4096);
            try {
                while (true) {
                    capture.dispatch(record -> sequences.add(record.intAt(SEQUENCE_OFFSET)), LIVENESS);
                }
            } catch (InterfaceGoneException expected) {
                received = capture.stats().received();
                dropped = capture.stats().dropped();
            }
        }
        assertThat(received).isEqualTo(packets);
        assertThat(sequences.size() + dropped).isEqualTo(packets);
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isGreaterThan(sequences.get(i - 1));
        }
        assertThat(libc.openDescriptors()).as("closed").isZero();
        assertThat(libc.liveMappings()).as("unmapped").isZero();
    }

    @Test
    void openingFollowsLibpcapsIoctlSequence() throws Exception {
        kernel.createInterface("em0", "synthetic:rate=1");
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName("em0").build())) {
            assertThat(capture.bufferSize()).as("512 KiB by default").isEqualTo(512 * 1024);
        }
        assertThat(libc.calls()).containsSubsequence("sysctlbyname", "open", "BIOCSETBUFMODE", "BIOCGETZMAX", "mmap", "mmap",
                "BIOCSETZBUF", "BIOCIMMEDIATE", "BIOCSRTIMEOUT", "BIOCSTSTAMP", "BIOCSETF", "BIOCSETIF", "BIOCGDLT",
                "close", "munmap", "munmap");
    }

    @Test
    void theBufferSizeIsCappedAtZmax() throws Exception {
        kernel.createInterface("em0", "synthetic:rate=1");
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName("em0")
                .bufferSize(64 * 1024 * 1024).build())) {
            assertThat(capture.bufferSize()).isEqualTo(512 * 4096);
        }
    }

    @Test
    void withZerocopyOffTheCaptureFailsSayingWhatToRun() throws Exception {
        kernel.createInterface("em0", "synthetic:rate=1");
        libc.zerocopyEnabled(false);
        assertThatThrownBy(() -> ZbufCapture.open(FreeBsdDevice.open(libc), CaptureConfig.builder().interfaceName("em0").build()))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("sysctl net.bpf.zerocopy_enable=1");
        assertThat(libc.openDescriptors()).isZero();
        assertThat(new FreeBsdBackend(libc).unavailabilityCause()).hasMessageContaining("sysctl net.bpf.zerocopy_enable=1");
        assertThatThrownBy(() -> new FreeBsdBackend(libc).open()).isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void anUnknownInterfaceIsEnxioAndLeavesNothingBehind() {
        assertThatThrownBy(() -> ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName("em7").build()))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENXIO))
                .hasMessage("BIOCSETIF: no interface named em7; there is none (ENXIO)");
        assertThat(libc.openDescriptors()).isZero();
        assertThat(libc.liveMappings()).isZero();
    }

    @Test
    void bpfThatCannotBeOpenedIsEaccesWithWhatToDo() {
        libc.failNext("open", Errno.EACCES);
        assertThatThrownBy(backend::open)
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES))
                .hasMessageContaining("devfs");
    }

    @Test
    void interfacesAreTheKernelsAndTheirTableIsFreed() throws Exception {
        kernel.createInterface("em0", "synthetic:rate=1");
        kernel.createInterface("lo0", "synthetic:rate=1");
        assertThat(backend.interfaces()).containsExactly("em0", "lo0");
        assertThat(libc.liveNameIndexes()).isZero();
    }

    /**
     * Close from another thread racing a busy reader, a thousand times, over real mmap'd buffers: the reader leaves
     * dispatch with DeviceClosedException and nothing it reads is unmapped under it (an unmapped page would end the
     * JVM with SIGSEGV, failing the run). The closer waits a seeded random number of records first.
     * Tagged {@code stress}: about 5 s, run once in the test phase, not for every mutant PIT makes.
     */
    @Test
    @Tag("stress")
    void closeRacingABusyReaderNeverUnmapsUnderIt() throws Exception {
        long seed = System.nanoTime();
        System.out.println("closeRacingABusyReaderNeverUnmapsUnderIt seed " + seed);
        Random random = new Random(seed);
        kernel.createInterface("em0", "synthetic:size=300");
        CaptureConfig config = CaptureConfig.builder().interfaceName("em0").bufferSize(2 * 4096).immediate(true).build();
        for (int round = 0; round < 1000; round++) {
            ZbufCapture capture = ZbufCapture.open(backend.open(), config);
            AtomicLong read = new AtomicLong();
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    while (true) {
                        capture.dispatch(record -> read.addAndGet(record.intAt(SEQUENCE_OFFSET) | 1), LIVENESS);
                    }
                } catch (Throwable ended) {
                    return ended;
                }
            });
            long before = random.nextInt(20);
            while (read.get() < before && !reader.isDone()) {
                Thread.onSpinWait();
            }
            capture.close();
            assertThat(reader.get(LIVENESS.toSeconds(), TimeUnit.SECONDS)).as("round %d", round)
                    .isInstanceOf(DeviceClosedException.class);
        }
        assertThat(libc.openDescriptors()).as("closed").isZero();
        assertThat(libc.liveMappings()).as("unmapped").isZero();
    }
}
