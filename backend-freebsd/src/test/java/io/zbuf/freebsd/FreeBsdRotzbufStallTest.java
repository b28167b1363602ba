package io.zbuf.freebsd;

import com.sun.jna.Pointer;
import io.zbuf.core.kernel.seed.SeedBuild;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.spi.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FreeBSD's BIOCROTZBUF stall (docs/deviations.md section 1, docs/freebsd.md) against FreeBSD's own
 * bpf_zerocopy.c: the backend and {@link ZbufCapture} through JNA, the fake C library's kernel side a
 * {@link SeedKernelDevice}. A record waits in the store buffer behind a hold buffer the reader gave back; no packet
 * comes for a second. The reader must neither spin nor lose the record: it arrives once the next packet comes.
 */
@Tag("external-tool")
class FreeBsdRotzbufStallTest {
    private static final int PAGE = 4096;
    private static final int PACKET = 1000;
    /** Generous: the mitigation makes about 20 calls a second, a spinning reader hundreds of thousands. */
    private static final int MOST_CALLS_IN_AN_IDLE_SECOND = 100;

    private SeedKernel seed;
    private final List<SeedKernelDevice> devices = new ArrayList<>();
    private FakeFreeBsdKernelLibc libc;

    @BeforeEach
    void kernelOnTheSeed() {
        seed = SeedKernel.load(SeedBuild.library(PAGE));
        assertThat(seed.zseed_space_create(64)).isZero();
        libc = new FakeFreeBsdKernelLibc(new FakeFreeBsdKernelLibc.Kernel() {
            @Override
            public Device open() {
                SeedKernelDevice device = new SeedKernelDevice(seed);
                devices.add(device);
                return device;
            }

            @Override
            public List<String> interfaces() {
                return List.of("seed0");
            }

            @Override
            public Pointer map(Pointer address, long length, int protection, int linuxFlags) {
                return seed.zseed_space_alloc((length + PAGE - 1) / PAGE);
            }

            @Override
            public void unmap(Pointer address, long length) {
                // the seed's address space goes with zseed_space_create
            }
        });
    }

    @AfterEach
    void nothingLeaks() {
        devices.forEach(SeedKernelDevice::close);
        assertThat(seed.zseed_wired_pages()).isZero();
        assertThat(seed.zseed_allocations()).isZero();
    }

    @ParameterizedTest(name = "immediate {0}")
    @ValueSource(booleans = {true, false})
    void anIdleReaderNeitherSpinsNorLosesTheRecordBehindAnAcknowledgedBuffer(boolean immediate) throws Exception {
        ZbufCapture capture = ZbufCapture.open(new FreeBsdBackend(libc).open(), CaptureConfig.builder().interfaceName("seed0")
            .bufferSize(PAGE).immediate(immediate).readTimeout(Duration.ofMillis(50)).build());
        SeedKernelDevice kernel = devices.get(devices.size() - 1); // the backend's availability check opened and closed one first
        List<Integer> received = new ArrayList<>();
        // three records fill buffer A; the fourth rotates A to the reader and lands in B
        for (int i = 0; i < 4; i++) {
            kernel.deliver(packet(i));
        }
        assertThat(capture.dispatch(record -> received.add((int) record.packet().get(0)), Duration.ofSeconds(1))).isEqualTo(3);

        int before = libc.calls().size();
        long idleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < idleUntil) {
            capture.dispatch(record -> received.add((int) record.packet().get(0)), Duration.ofMillis(100));
        }
        int idleCalls = libc.calls().size() - before;
        System.out.println("FreeBSD's stall, immediate " + immediate + ": " + idleCalls + " calls in an idle second");

        assertThat(received).as("FreeBSD's stall: record 3 stays in B behind A, which was given back").containsExactly(0, 1, 2);
        assertThat(idleCalls).as("calls in an idle second: " + libc.calls().subList(before, libc.calls().size()))
            .isLessThanOrEqualTo(MOST_CALLS_IN_AN_IDLE_SECOND);

        kernel.deliver(packet(4));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.size() < 5 && System.nanoTime() < deadline) {
            capture.dispatch(record -> received.add((int) record.packet().get(0)), Duration.ofMillis(100));
        }
        assertThat(received).as("the next packet frees A and the reader rotates B").containsExactly(0, 1, 2, 3, 4);
        capture.close();
    }

    private static byte[] packet(int index) {
        byte[] bytes = new byte[PACKET];
        bytes[0] = (byte) index;
        return bytes;
    }
}
