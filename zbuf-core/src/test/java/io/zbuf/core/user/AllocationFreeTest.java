package io.zbuf.core.user;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.Device;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
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
        + record.unsignedShortAt(12) + record.intAt(20) + record.unsignedIntAt(30) + (record.longAt(40) & 0xFFFF)
        + record.packetWindow().remaining();
    private int walked;
    private final ControlledRecordHandler everyThird = record -> {
        sum += record.unsignedShortAt(12);
        return ++walked % 3 == 0 ? ControlledRecordHandler.Action.BREAK : ControlledRecordHandler.Action.CONTINUE;
    };

    /** One way of reading a handed-over buffer of 10 records, whole. */
    @FunctionalInterface
    private interface Reader {
        void read(ZbufCapture capture, int round) throws Exception;
    }

    @Test
    void dispatchUnderLoadAllocatesNothing() throws Exception {
        assertAllocationFree((capture, round) -> {
            if (capture.dispatch(handler, Duration.ZERO) != 10) {
                throw new AssertionError("round " + round + " lost records");
            }
        });
    }

    @Test
    void controlledDispatchThatBreaksAndResumesAllocatesNothing() throws Exception {
        assertAllocationFree((capture, round) -> {
            int consumed = 0;
            for (int call = 0; call < 4; call++) {
                consumed += capture.controlledDispatch(everyThird, Duration.ZERO);
            }
            if (consumed != 10) {
                throw new AssertionError("round " + round + " consumed " + consumed + " records");
            }
        });
    }

    private void assertAllocationFree(Reader reader) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("this JVM counts the bytes each thread allocates (HotSpot does)").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        ZbufCapture capture = ZbufCapture.open(lendingDevice(), CaptureConfig.builder().interfaceName("em0").bufferSize(BUF_LEN).build());
        long thread = Thread.currentThread().getId();

        runRounds(capture, reader);
        long before = threads.getThreadAllocatedBytes(thread);
        runRounds(capture, reader);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(capture.buffersReceived()).isEqualTo(2L * ROUNDS);
        assertThat(sum).isPositive();
        assertThat(allocated).as("bytes allocated by %d buffers of 10 records", ROUNDS).isLessThan(ROUNDS);
    }

    private void runRounds(ZbufCapture capture, Reader reader) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ZbufId id = round % 2 == 0 ? ZbufId.A : ZbufId.B;
            for (int i = 0; i < 10; i++) {
                kernel.record(id, 26, packet, 150, round, i);
            }
            kernel.handOver(id);
            reader.read(capture, round);
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
