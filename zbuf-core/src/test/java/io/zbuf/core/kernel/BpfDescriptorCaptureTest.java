package io.zbuf.core.kernel;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.spi.BpfInsn;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static io.zbuf.core.kernel.TestBuffers.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class BpfDescriptorCaptureTest {
    private static final int PAGE = 4096;
    /** Ethernet records of 100-byte packets: 26 + 100 = 126 bytes, 128 with the pad; 31 fit in 4064 bytes. */
    private static final int PER_BUFFER = 31;
    private static final int FULL_LENGTH = 30 * 128 + 126;

    private final DescriptorFixture fixture = new DescriptorFixture(PAGE, 1);
    private final BpfDescriptor descriptor = fixture.descriptor;
    private final TestUser user = fixture.user;

    private static List<Integer> sequences(List<RecordWalker.Record> records) {
        return records.stream().map(DescriptorFixture::sequenceOf).toList();
    }

    private static List<Integer> range(int from, int count) {
        return IntStream.range(from, from + count).boxed().toList();
    }

    private void tapAll(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(fixture.tap(100)).as("packet %d fits without waking anyone", i).isFalse();
        }
    }

    @Test
    void ignoresPacketsUntilAttached() throws BpfException {
        fixture.lend();

        assertThat(fixture.tap(100)).isFalse();

        assertThat(bytes(fixture.a, 32, 8)).containsOnly(TestBuffers.GARBAGE);
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
        assertThat(descriptor.rotateZbuf()).isEqualTo(Rotation.NONE);
    }

    @Test
    void packetsTheInterfaceLostCountAsReceivedAndDroppedOnlyWhileAttached() throws BpfException {
        descriptor.lost(5);
        assertThat(descriptor.stats()).as("not attached").isEqualTo(new BpfStats(0, 0));
        fixture.attached(LinkType.EN10MB);
        tapAll(2);
        descriptor.lost(3);
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(5, 3));
        assertThat(descriptor.storeLength()).as("nothing written for them").isEqualTo(128 + 126);
        descriptor.flush();
        descriptor.lost(1);
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(1, 1));
    }

    @Test
    void fillsAFirstThenStrictlyAlternatesWithExactKernelLengths() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        ZbufId[] expected = {ZbufId.A, ZbufId.B, ZbufId.A, ZbufId.B};

        for (int round = 0; round < expected.length; round++) {
            tapAll(round == 0 ? PER_BUFFER : PER_BUFFER - 1);
            assertThat(user.ready()).isFalse();
            assertThat(fixture.tap(100)).as("the packet that does not fit rotates and wakes").isTrue();
            assertThat(user.owns(expected[round])).isTrue();
            assertThat(user.owns(expected[round].other())).isFalse();
            assertThat(ZbufHeader.kernelLen(user.header(expected[round]))).isEqualTo(FULL_LENGTH);
            assertThat(sequences(user.take())).isEqualTo(range(round * PER_BUFFER, PER_BUFFER));
        }
        assertThat(descriptor.buffersHandedOver()).isEqualTo(4);
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(4L * PER_BUFFER + 1, 0));
    }

    @Test
    void withNoFreeBufferTheStoreBufferIsHandedOverAndPacketsAreDroppedWithoutWakeup() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        tapAll(PER_BUFFER);
        assertThat(fixture.tap(100)).isTrue();
        tapAll(PER_BUFFER - 1);

        assertThat(fixture.tap(100)).as("dropped: no wake-up").isFalse();
        assertThat(fixture.tap(100)).isFalse();

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(2L * PER_BUFFER + 2, 2));
        assertThat(user.owns(ZbufId.A)).isTrue();
        assertThat(user.owns(ZbufId.B)).as("the user owns both buffers").isTrue();
        assertThat(ZbufHeader.kernelGen(user.header(ZbufId.B))).as("handed over once").isEqualTo(1);
        assertThat(ZbufHeader.kernelLen(user.header(ZbufId.B))).isEqualTo(FULL_LENGTH);
        assertThat(descriptor.buffersHandedOver()).isEqualTo(2);
        assertThat(sequences(user.take())).isEqualTo(range(0, PER_BUFFER));
        assertThat(sequences(user.take())).isEqualTo(range(PER_BUFFER, PER_BUFFER));

        assertThat(fixture.tap(100)).as("reclaims A, rotates the full B into hold").isTrue();
        assertThat(descriptor.readable()).as("B is already acknowledged").isFalse();
        assertThat(ZbufHeader.kernelGen(user.header(ZbufId.B))).isEqualTo(1);
        tapAll(PER_BUFFER - 1);
        assertThat(fixture.tap(100)).isTrue();
        assertThat(sequences(user.take())).isEqualTo(range(2 * PER_BUFFER + 2, PER_BUFFER));
        assertThat(descriptor.stats().dropped()).isEqualTo(2);
    }

    @Test
    void anAcknowledgementIsNoticedOnlyByTheNextPacket() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        tapAll(PER_BUFFER);
        fixture.tap(100);
        user.take();
        assertThat(descriptor.buffersHandedOver()).isEqualTo(1);

        tapAll(PER_BUFFER - 1);
        assertThat(fixture.tap(100)).as("A was reclaimed lazily, so B rotates").isTrue();

        assertThat(user.owns(ZbufId.B)).isTrue();
        assertThat(descriptor.stats().dropped()).isZero();
    }

    @Test
    void clampsARecordToTheBufferSizeAndKeepsTheWireLength() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        Packet huge = TestBuffers.packet(TestBuffers.sequence(5000, 3), 1000, 3000).wireLength(9000);

        assertThat(descriptor.tap(huge)).isFalse();
        Rotation rotation = descriptor.rotateZbuf();

        assertThat(rotation).isEqualTo(new Rotation(ZbufId.A, fixture.bufferSize()));
        RecordWalker.Record record = user.take().get(0);
        assertThat(record.caplen()).isEqualTo(fixture.bufferSize() - 26);
        assertThat(record.datalen()).isEqualTo(9000);
        assertThat(record.data()).isEqualTo(Arrays.copyOf(TestBuffers.sequence(5000, 3), fixture.bufferSize() - 26));
    }

    @Test
    void capturesOnlyTheBytesPresentOfATruncatedPacket() throws BpfException {
        fixture.attached(LinkType.RAW);

        descriptor.tap(TestBuffers.packet(TestBuffers.sequence(60, 0)).wireLength(1514));
        descriptor.rotateZbuf();

        RecordWalker.Record record = user.take().get(0);
        assertThat(record.caplen()).isEqualTo(60);
        assertThat(record.datalen()).isEqualTo(1514);
        assertThat(record.hdrlen()).isEqualTo(32);
    }

    @Test
    void theFilterDecidesTheSnapLength() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        // snap length by sequence number (byte 3): 0 -> reject, 1 -> 10, 2 -> whole, 3 -> 1000, else 100
        descriptor.setFilter(new BpfProgram(List.of(
                new BpfInsn(0x30, 0, 0, 3),
                new BpfInsn(0x15, 0, 1, 0), new BpfInsn(0x06, 0, 0, 0),
                new BpfInsn(0x15, 0, 1, 1), new BpfInsn(0x06, 0, 0, 10),
                new BpfInsn(0x15, 0, 1, 2), new BpfInsn(0x06, 0, 0, BpfFilter.WHOLE_PACKET),
                new BpfInsn(0x15, 0, 1, 3), new BpfInsn(0x06, 0, 0, 1000),
                new BpfInsn(0x06, 0, 0, 100))));

        for (int i = 0; i < 5; i++) {
            fixture.tap(100);
        }
        descriptor.rotateZbuf();

        List<RecordWalker.Record> records = user.take();
        assertThat(records).extracting(RecordWalker.Record::caplen).containsExactly(10, 100, 100, 100);
        assertThat(records).extracting(RecordWalker.Record::datalen).containsOnly(100);
        assertThat(sequences(records)).containsExactly(1, 2, 3, 4);
        assertThat(descriptor.stats()).isEqualTo(new BpfStats(5, 0));
    }

    @Test
    void zeroesThePadBytesBetweenRecordsAndAfterTheHeader() throws BpfException {
        fixture.attached(LinkType.NULL);

        fixture.tap(101);
        fixture.tap(101);
        descriptor.rotateZbuf();

        int firstEnd = 28 + 101;
        assertThat(bytes(fixture.a, 32 + 26, 2)).as("between SIZEOF_BPF_HDR and hdrlen").containsOnly(0);
        assertThat(bytes(fixture.a, 32 + firstEnd, 3)).as("between the records").containsOnly(0);
        assertThat(bytes(fixture.a, 32 + 136 + 26, 2)).containsOnly(0);
        assertThat(ZbufHeader.kernelLen(fixture.a)).as("not rounded").isEqualTo(136 + firstEnd);
        assertThat(fixture.a.get(32 + 136 + firstEnd)).as("nothing written after the end").isEqualTo(TestBuffers.GARBAGE);
    }

    @ParameterizedTest(name = "DLT {0}: hdrlen {1}")
    @CsvSource({"1, 26", "0, 28", "12, 32", "113, 32", "109, 28", "276, 28", "147, 32"})
    void theNetworkHeaderOfEveryRecordLandsEightByteAligned(int dlt, int hdrlen) throws BpfException {
        LinkType linkType = LinkType.of(dlt);
        fixture.attached(linkType);
        for (int size = 4; size < 40; size += 5) {
            fixture.tap(size);
        }
        descriptor.rotateZbuf();

        List<RecordWalker.Record> records = user.take();
        assertThat(records).hasSize(8);
        for (RecordWalker.Record record : records) {
            assertThat(record.offset() % 8).isZero();
            assertThat((record.offset() + record.hdrlen() + linkType.headerLength()) % 8).isZero();
            assertThat(record.hdrlen()).isEqualTo(hdrlen);
        }
    }

    @Test
    void immediateModeWakesOnEveryPacket() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        descriptor.setImmediate(true);

        assertThat(fixture.tap(100)).isTrue();
        assertThat(descriptor.readable()).isTrue();
        assertThat(fixture.tap(100)).isTrue();
        descriptor.setImmediate(false);
        assertThat(fixture.tap(100)).isFalse();
        assertThat(descriptor.readable()).isFalse();
    }

    @Test
    void attachResetsTheStoreBufferAndTheCounters() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        fixture.tap(100);

        descriptor.attach(LinkType.EN10MB);

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
        assertThat(descriptor.rotateZbuf()).isEqualTo(Rotation.NONE);
    }

    @Test
    void flushKeepsTheRecordsOfAStoreBufferThatWasHandedOver() throws BpfException {
        fixture.attached(LinkType.EN10MB);
        tapAll(PER_BUFFER);
        fixture.tap(100);
        tapAll(PER_BUFFER - 1);
        fixture.tap(100);
        user.take();

        descriptor.flush();

        assertThat(descriptor.stats()).isEqualTo(new BpfStats(0, 0));
        assertThat(descriptor.rotateZbuf()).as("B still holds its records, and A was reclaimed").isEqualTo(new Rotation(ZbufId.B, FULL_LENGTH));
        assertThat(sequences(user.take())).isEqualTo(range(PER_BUFFER, PER_BUFFER));
    }
}
