package io.zbuf.core.user;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.Device;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The steady state of a capture under load allocates nothing: poll, walk, decode, acknowledge. */
class AllocationFreeTest {
    private static final int BUF_LEN = 8192;
    private static final int ROUNDS = 2_000;

    private final TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
    private final byte[] packet = TestZbufWriter.packet(100, 7);
    private long sum;
    private final RecordHandler handler = record -> sum += record.caplen() + record.epochNanos() + record.unsignedByteAt(3)
        + record.packet().remaining();

    @Test
    void dispatchUnderLoadAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        ZbufCapture capture = ZbufCapture.open(lendingDevice(), CaptureConfig.builder().interfaceName("em0").bufferSize(BUF_LEN).build());
        long thread = Thread.currentThread().getId();

        runRounds(capture);
        long before = threads.getThreadAllocatedBytes(thread);
        runRounds(capture);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(capture.buffersReceived()).isEqualTo(2L * ROUNDS);
        assertThat(sum).isPositive();
        assertThat(allocated).as("bytes allocated by %d buffers of 10 records", ROUNDS).isLessThan(ROUNDS);
    }

    private void runRounds(ZbufCapture capture) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ZbufId id = round % 2 == 0 ? ZbufId.A : ZbufId.B;
            for (int i = 0; i < 10; i++) {
                kernel.record(id, 26, packet, 150, round, i);
            }
            kernel.handOver(id);
            if (capture.dispatch(handler, Duration.ZERO) != 10) {
                throw new AssertionError("round " + round + " lost records");
            }
        }
    }

    private Device lendingDevice() throws BpfException {
        Device device = mock(Device.class);
        BufferMemory memory = mock(BufferMemory.class);
        when(device.bufferMemory()).thenReturn(memory);
        when(device.zmax()).thenReturn(1L << 21);
        when(memory.pageSize()).thenReturn(4096);
        when(memory.allocate(BUF_LEN)).thenReturn(kernel.zbuf.bufA(), kernel.zbuf.bufB());
        return device;
    }
}
