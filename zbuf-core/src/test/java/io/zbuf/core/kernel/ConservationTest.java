package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random traffic against a random user: every packet offered is counted, and every one the filter accepted is
 * delivered, in order and once, or counted as dropped. Records are checked byte for byte, so fragments and
 * page boundaries are crossed at random.
 */
class ConservationTest {
    /** Link headers of 4, 14, 0 and 16 bytes, and a type zbuf knows nothing of. */
    private static final List<LinkType> LINK_TYPES = List.of(LinkType.NULL, LinkType.EN10MB, LinkType.RAW, LinkType.LINUX_SLL,
        LinkType.of(147));

    static Stream<Arguments> runs() {
        return Stream.of(4096, 16384).flatMap(page -> Stream.of(1L, 17L, 4242L).flatMap(seed ->
            Stream.of(false, true).map(wrap -> Arguments.of(page, seed, wrap))));
    }

    @ParameterizedTest(name = "page {0}, seed {1}, generations from 0xFFFFFFFF: {2}")
    @MethodSource("runs")
    void everyAcceptedPacketIsDeliveredInOrderOnceOrCountedAsDropped(int pageSize, long seed, boolean wrap) throws BpfException {
        Random random = new Random(seed);
        DescriptorFixture fixture = new DescriptorFixture(pageSize, 1 + random.nextInt(3));
        fixture.attached(LINK_TYPES.get(random.nextInt(LINK_TYPES.size())));
        if (wrap) {
            Generations.startAt(fixture.descriptor, -1);
        }
        BpfDescriptor descriptor = fixture.descriptor;
        List<byte[]> sent = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        List<RecordWalker.Record> delivered = new ArrayList<>();
        int packets = 3000;
        for (int i = 0; i < packets; i++) {
            byte[] data = new byte[4 + random.nextInt(random.nextInt(10) == 0 ? 3 * pageSize : 300)];
            random.nextBytes(data);
            ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN).putInt(0, i);
            sent.add(data);
            long droppedBefore = descriptor.stats().dropped();
            descriptor.tap(TestBuffers.packet(data, randomCuts(random, data.length)));
            if (descriptor.stats().dropped() > droppedBefore) {
                dropped.add(i);
            }
            if (random.nextInt(20) == 0) {
                drain(fixture, delivered, random.nextInt(4) == 0);
            }
        }
        drain(fixture, delivered, true);
        drain(fixture, delivered, true);

        assertThat(descriptor.stats().received()).isEqualTo(packets);
        assertThat(descriptor.stats().dropped()).isEqualTo(dropped.size());
        assertThat(delivered.size() + dropped.size()).isEqualTo(packets);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            if (!dropped.contains(i)) {
                expected.add(i);
            }
        }
        assertThat(delivered).extracting(DescriptorFixture::sequenceOf).isEqualTo(expected);
        for (RecordWalker.Record record : delivered) {
            byte[] data = sent.get(DescriptorFixture.sequenceOf(record));
            assertThat(record.datalen()).isEqualTo(data.length);
            assertThat(record.data()).isEqualTo(java.util.Arrays.copyOf(data, record.caplen()));
            assertThat(record.caplen()).isEqualTo(Math.min(data.length, fixture.bufferSize() - record.hdrlen()));
        }
        assertThat(dropped).as("seed %d should exercise drops", seed).isNotEmpty();
        int start = wrap ? -1 : 0;
        assertThat(ZbufHeader.kernelGen(fixture.a) + ZbufHeader.kernelGen(fixture.b))
                .as("one generation bump per hand-off, from %d", start)
                .isEqualTo((int) (2 * start + descriptor.buffersHandedOver()));
        if (wrap) {
            assertThat(ZbufHeader.kernelGen(fixture.a)).as("wrapped past 0").isBetween(0, 10_000);
        }
    }

    private static void drain(DescriptorFixture fixture, List<RecordWalker.Record> delivered, boolean rotate) throws BpfException {
        List<RecordWalker.Record> records;
        while ((records = fixture.user.take()) != null) {
            delivered.addAll(records);
        }
        if (rotate) {
            fixture.descriptor.rotateZbuf();
            while ((records = fixture.user.take()) != null) {
                delivered.addAll(records);
            }
        }
    }

    private static int[] randomCuts(Random random, int length) {
        int[] cuts = random.ints(random.nextInt(5), 0, length + 1).sorted().toArray();
        int[] sizes = new int[cuts.length];
        for (int i = 0; i < cuts.length; i++) {
            sizes[i] = cuts[i] - (i == 0 ? 0 : cuts[i - 1]);
        }
        return sizes;
    }
}
