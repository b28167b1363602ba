package io.zbuf.examples.jmh;

import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Each benchmark's state and operation, run a few times without JMH: what they set up works and computes what
 * their javadoc says. Nothing is timed.
 */
class BenchmarksSmokeTest {
    private static final int ETHERNET_HDRLEN = BpfRecordHeader.headerLength(LinkType.EN10MB);
    private static final int RECORD_SPACE = BenchmarkBuffers.BUFFER_LENGTH - ZbufHeader.LENGTH;

    @ParameterizedTest(name = "{0} bytes, {1}")
    @CsvSource({"64, MICROTIME", "64, NONE", "1500, MICROTIME", "1500, NONE"})
    void tapStoresEveryPacketAndHandsFullBuffersOver(int size, TimestampFormat tstamp) throws Exception {
        TapBenchmark benchmark = new TapBenchmark();
        benchmark.size = size;
        benchmark.tstamp = tstamp;
        benchmark.setUp();
        int perBuffer = RECORD_SPACE / BpfAlignment.wordAlign(ETHERNET_HDRLEN + size);
        int handOvers = 0;
        for (int i = 0; i < 3 * perBuffer + 1; i++) {
            handOvers += benchmark.tap() ? 1 : 0;
        }
        assertThat(handOvers).as("a hand-off each time the store buffer is full").isEqualTo(3);
        benchmark.noneDropped();
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"64, 5461", "1500, 343"})
    void recordWalkVisitsEveryRecordOfAFullBuffer(int size, int records) throws Exception {
        RecordWalkBenchmark benchmark = new RecordWalkBenchmark();
        benchmark.size = size;
        benchmark.setUp(new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
        RecordWalkBenchmark.Records counter = new RecordWalkBenchmark.Records();

        benchmark.walk(counter);
        benchmark.walk(counter);
        benchmark.walkThroughPacketViews(counter);

        assertThat(records).isEqualTo(RECORD_SPACE / BpfAlignment.wordAlign(ETHERNET_HDRLEN + size));
        assertThat(counter.records).as("the held buffer is walked again, whole").isEqualTo(3L * records);
    }

    @Test
    void handOffMovesOneRecordPerBufferEitherWay() throws Exception {
        HandOffBenchmark benchmark = new HandOffBenchmark();
        benchmark.setUp();
        int oneRecord = ETHERNET_HDRLEN + 64;
        for (int i = 0; i < 4; i++) {
            assertThat(benchmark.whenFull()).isEqualTo(oneRecord);
            assertThat(benchmark.byRotateZbuf()).isEqualTo(oneRecord);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {64, 1500, 9000})
    void copiesWrapAtTheBuffersEndInsteadOfRunningPastIt(int size) {
        ScatterGatherBenchmark benchmark = new ScatterGatherBenchmark();
        benchmark.size = size;
        benchmark.setUp();
        int wrap = RECORD_SPACE / BpfAlignment.wordAlign(ETHERNET_HDRLEN + size) + 1;
        assertThatCode(() -> {
            for (int i = 0; i < wrap; i++) {
                benchmark.pageSetOneFragment();
                benchmark.pageSetFourFragments();
                benchmark.contiguousCopy();
            }
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {64, 1500})
    void syntheticSourceMakesFramesOfTheSize(int size) {
        SyntheticSourceBenchmark benchmark = new SyntheticSourceBenchmark();
        benchmark.size = size;
        benchmark.setUp();
        assertThat(benchmark.next()).isEqualTo(size);
        assertThat(benchmark.next()).isEqualTo(size);
    }
}
