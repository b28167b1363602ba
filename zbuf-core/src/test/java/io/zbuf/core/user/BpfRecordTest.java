package io.zbuf.core.user;

import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpfRecordTest {
    private static final int BUF_LEN = 8192;
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
    private static final long MAX_SECONDS = 9_223_372_035L;
    private static final long MIN_SECONDS = -9_223_372_036L;

    /** Writes one record into A, hands it over and walks it once through {@code check}. */
    private static void withRecord(TimestampFormat format, int hdrlen, byte[] packet, long seconds, long fraction,
                                   Consumer<BpfRecord> check) {
        TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
        kernel.record(ZbufId.A, TestZbufWriter.packet(3, 9));
        kernel.record(ZbufId.A, hdrlen, packet, packet.length + 4L, seconds, fraction);
        kernel.handOver(ZbufId.A);
        HeldBuffer held = new ZbufConsumer(kernel.zbuf, format).poll();
        int[] index = {0};
        held.forEach(record -> {
            if (index[0]++ == 1) {
                check.accept(record);
            }
        });
        assertThat(index[0]).isEqualTo(2);
    }

    /** Buffer A holding one Ethernet-framed record per packet, handed over and held. */
    private static HeldBuffer held(TimestampFormat format, byte[]... packets) {
        TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
        for (byte[] packet : packets) {
            kernel.record(ZbufId.A, packet);
        }
        kernel.handOver(ZbufId.A);
        return new ZbufConsumer(kernel.zbuf, format).poll();
    }

    private static long epochNanos(TimestampFormat format, long seconds, long fraction) {
        long[] result = new long[1];
        withRecord(format, 26, new byte[1], seconds, fraction, record -> result[0] = record.epochNanos());
        return result[0];
    }

    private static void assertCorruptTimestamp(TimestampFormat format, long seconds, long fraction, String problem) {
        withRecord(format, 26, new byte[1], seconds, fraction,
            record -> HeldBufferTest.assertCorrupt(record::epochNanos, ZbufId.A, 64, problem));
    }

    @Test
    void packetIsAReadOnlyBigEndianViewOfExactlyTheCapturedBytesFromIndexZero() {
        byte[] bytes = TestZbufWriter.packet(21, 200);
        withRecord(TimestampFormat.MICROTIME, 28, bytes, 0, 0, record -> {
            ByteBuffer packet = record.packet();
            assertThat(packet.isReadOnly()).isTrue();
            assertThat(packet.isDirect()).as("zero-copy").isTrue();
            assertThat(packet.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
            assertThat(packet.position()).isZero();
            assertThat(packet.limit()).isEqualTo(21);
            assertThat(packet.capacity()).isEqualTo(21);
            assertThat(packet.getShort(0)).isEqualTo((short) ((bytes[0] & 0xff) << 8 | bytes[1] & 0xff));
            assertThatThrownBy(() -> packet.get(21)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> packet.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            byte[] read = new byte[21];
            packet.get(read);
            assertThat(read).isEqualTo(bytes);
            assertThatThrownBy(() -> packet.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
            assertThat(record.packet()).as("one view per record").isSameAs(packet);
        });
    }

    @Test
    void eachRecordGetsItsOwnPacketView() {
        List<ByteBuffer> views = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();

        held(TimestampFormat.MICROTIME, TestZbufWriter.packet(5, 1), TestZbufWriter.packet(7, 2)).forEach(record -> {
            ByteBuffer packet = record.packet();
            byte[] copy = new byte[packet.remaining()];
            packet.get(copy);
            views.add(packet);
            contents.add(copy);
        });

        assertThat(views.get(1)).isNotSameAs(views.get(0));
        assertThat(contents).containsExactly(TestZbufWriter.packet(5, 1), TestZbufWriter.packet(7, 2));
    }

    @Test
    void packetWindowEnclosesThePacketInAViewOfTheWholeBuffer() {
        byte[] bytes = TestZbufWriter.packet(21, 200);
        withRecord(TimestampFormat.MICROTIME, 28, bytes, 0, 0, record -> {
            ByteBuffer window = record.packetWindow();
            assertThat(window.isReadOnly()).isTrue();
            assertThat(window.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
            assertThat(window.position()).isEqualTo(64 + 28);
            assertThat(window.remaining()).isEqualTo(21);
            assertThat(window.capacity()).isEqualTo(BUF_LEN);
            byte[] read = new byte[21];
            window.get(read);
            assertThat(read).isEqualTo(bytes);
            assertThatThrownBy(() -> window.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);

            window.position(0).limit(1);
            assertThat(record.packetWindow()).isSameAs(window);
            assertThat(window.position()).isEqualTo(92);
            assertThat(window.limit()).isEqualTo(113);
            assertThat(record.packet().remaining()).as("the window does not move the packet view").isEqualTo(21);
            assertThat(window.position()).isEqualTo(92);
        });
    }

    @Test
    void readsCountFromThePacketsFirstByteAreBigEndianAndStayWithinTheCapture() {
        byte[] bytes = {(byte) 0xFF, 0x00, 0x7F, (byte) 0x80, 0x01, 0x02, 0x03, 0x04, (byte) 0xF5};
        withRecord(TimestampFormat.MICROTIME, 32, bytes, 0, 0, record -> {
            assertThat(record.unsignedByteAt(0)).isEqualTo(255);
            assertThat(record.unsignedByteAt(1)).isZero();
            assertThat(record.unsignedByteAt(2)).isEqualTo(127);
            assertThat(record.unsignedByteAt(3)).isEqualTo(128);
            assertThat(record.unsignedByteAt(8)).isEqualTo(0xF5);
            assertThat(record.unsignedShortAt(0)).isEqualTo(0xFF00);
            assertThat(record.unsignedShortAt(7)).isEqualTo(0x04F5);
            assertThat(record.intAt(0)).isEqualTo(0xFF007F80);
            assertThat(record.unsignedIntAt(0)).isEqualTo(0xFF007F80L);
            assertThat(record.unsignedIntAt(5)).isEqualTo(0x020304F5L);
            assertThat(record.unsignedIntAt(4)).isEqualTo(0x01020304L);
            assertThat(record.longAt(0)).isEqualTo(0xFF007F8001020304L);
            assertThat(record.longAt(1)).isEqualTo(0x007F8001020304F5L);
        });
    }

    static Stream<Arguments> readsOutsideTheCapture() {
        return Stream.of(
            Arguments.of("byte at caplen", (ToLongFunction<BpfRecord>) r -> r.unsignedByteAt(9)),
            Arguments.of("byte at -1", (ToLongFunction<BpfRecord>) r -> r.unsignedByteAt(-1)),
            Arguments.of("short one byte short", (ToLongFunction<BpfRecord>) r -> r.unsignedShortAt(8)),
            Arguments.of("short at -1", (ToLongFunction<BpfRecord>) r -> r.unsignedShortAt(-1)),
            Arguments.of("int one byte short", (ToLongFunction<BpfRecord>) r -> r.intAt(6)),
            Arguments.of("unsigned int one byte short", (ToLongFunction<BpfRecord>) r -> r.unsignedIntAt(6)),
            Arguments.of("int at -1", (ToLongFunction<BpfRecord>) r -> r.intAt(-1)),
            Arguments.of("long one byte short", (ToLongFunction<BpfRecord>) r -> r.longAt(2)),
            Arguments.of("long at the minimum int", (ToLongFunction<BpfRecord>) r -> r.longAt(Integer.MIN_VALUE)),
            Arguments.of("int at the maximum int", (ToLongFunction<BpfRecord>) r -> r.intAt(Integer.MAX_VALUE)));
    }

    /** A 9-byte packet followed by the next record's header: no read may reach it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("readsOutsideTheCapture")
    void aReadPastEitherEndOfThePacketIsOutOfBounds(String name, ToLongFunction<BpfRecord> read) {
        int[] seen = {0};

        held(TimestampFormat.MICROTIME, TestZbufWriter.packet(9, 1), TestZbufWriter.packet(40, 2)).forEach(record -> {
            if (seen[0]++ == 0) {
                assertThatThrownBy(() -> read.applyAsLong(record)).isInstanceOf(IndexOutOfBoundsException.class);
            }
        });
        assertThat(seen[0]).isEqualTo(2);
    }

    @Test
    void copyPacketToCopiesTheBytesAtThePositionAndAdvancesIt() {
        byte[] bytes = TestZbufWriter.packet(10, 5);
        withRecord(TimestampFormat.MICROTIME, 26, bytes, 0, 0, record -> {
            ByteBuffer exact = ByteBuffer.allocate(13).position(3);
            record.copyPacketTo(exact);
            assertThat(exact.position()).isEqualTo(13);
            assertThat(java.util.Arrays.copyOfRange(exact.array(), 3, 13)).isEqualTo(bytes);

            ByteBuffer tooSmall = ByteBuffer.allocate(20).limit(14).position(5);
            assertThatThrownBy(() -> record.copyPacketTo(tooSmall)).isInstanceOf(BufferOverflowException.class);
            assertThat(tooSmall.position()).isEqualTo(5);
            assertThat(tooSmall.array()).containsOnly(0);
        });
    }

    @Test
    void aRecordKeptPastItsHandlerFailsLoudlyOnEveryAccess() {
        HeldBuffer held = held(TimestampFormat.NANOTIME, TestZbufWriter.packet(10, 1), TestZbufWriter.packet(10, 1));
        BpfRecord[] kept = new BpfRecord[1];
        ByteBuffer[] view = new ByteBuffer[2];
        held.forEach(record -> {
            if (kept[0] == null) {
                kept[0] = record;
                view[0] = record.packetWindow();
                view[1] = record.packet();
            }
        });
        BpfRecord record = kept[0];

        for (Runnable access : new Runnable[] {record::offset, record::caplen, record::datalen, record::hdrlen,
            record::timestampSeconds, record::timestampFraction, record::epochNanos, record::packet, record::packetWindow,
            () -> record.unsignedByteAt(0), () -> record.unsignedShortAt(0), () -> record.intAt(0),
            () -> record.unsignedIntAt(0), () -> record.longAt(0), () -> record.copyPacketTo(ByteBuffer.allocate(100))}) {
            assertThatThrownBy(access::run).isInstanceOf(StaleBufferException.class)
                .hasMessage("a record of buffer A was used after its handler returned or the buffer was acknowledged;"
                    + " copy what must outlive RecordHandler.onRecord");
        }
        for (ByteBuffer retained : view) {
            assertThat(retained.remaining()).isZero();
            assertThatThrownBy(retained::get).isInstanceOf(BufferUnderflowException.class);
            assertThatThrownBy(() -> retained.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        held.acknowledge();
        assertThatThrownBy(record::caplen).isInstanceOf(StaleBufferException.class);
    }

    @Test
    void microtimeIsSecondsAndMicrosecondsTimes1000() {
        assertThat(epochNanos(TimestampFormat.MICROTIME, 1_700_000_000L, 999_999))
            .isEqualTo(1_700_000_000L * 1_000_000_000L + 999_999_000L);
        assertThat(epochNanos(TimestampFormat.MICROTIME, 0, 0)).isZero();
        assertCorruptTimestamp(TimestampFormat.MICROTIME, 1, 1_000_000, "timestamp microseconds 1000000 are not below 1000000");
        assertCorruptTimestamp(TimestampFormat.MICROTIME, 1, -1, "timestamp microseconds 18446744073709551615");
    }

    @Test
    void nanotimeIsSecondsAndNanoseconds() {
        assertThat(epochNanos(TimestampFormat.NANOTIME, 1_700_000_000L, 999_999_999))
            .isEqualTo(1_700_000_000_999_999_999L);
        assertCorruptTimestamp(TimestampFormat.NANOTIME, 1, 1_000_000_000, "timestamp nanoseconds 1000000000 are not below");
    }

    @Test
    void noneIsAlwaysZeroWhateverTheWordsSay() {
        assertThat(epochNanos(TimestampFormat.NONE, 12, 34)).isZero();
        assertThat(epochNanos(TimestampFormat.NONE, Long.MAX_VALUE, -1)).isZero();
    }

    @Test
    void rawTimestampWordsAreReturnedAsWritten() {
        withRecord(TimestampFormat.BINTIME, 26, new byte[1], -5, Long.MIN_VALUE, record -> {
            assertThat(record.timestampSeconds()).isEqualTo(-5);
            assertThat(record.timestampFraction()).isEqualTo(Long.MIN_VALUE);
        });
    }

    @Test
    void secondsAtTheEdgesOfALongOfNanosecondsAreExactAndBeyondAreCorruption() {
        assertThat(epochNanos(TimestampFormat.NANOTIME, MAX_SECONDS, 999_999_999)).isEqualTo(9_223_372_035_999_999_999L);
        assertThat(epochNanos(TimestampFormat.NANOTIME, MIN_SECONDS, 0)).isEqualTo(-9_223_372_036_000_000_000L);
        assertCorruptTimestamp(TimestampFormat.NANOTIME, MAX_SECONDS + 1, 0, "timestamp seconds 9223372036 do not fit");
        assertCorruptTimestamp(TimestampFormat.BINTIME, MIN_SECONDS - 1, 0, "timestamp seconds -9223372037 do not fit");
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bintimeIsTheExactFractionRoundedDown(long seed) {
        Random random = new Random(seed);
        TestZbufWriter kernel = new TestZbufWriter(BUF_LEN);
        long[] seconds = new long[64];
        long[] fractions = new long[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = random.nextInt(Integer.MAX_VALUE);
            fractions[i] = i == 0 ? -1L : i == 1 ? Long.MIN_VALUE : random.nextLong();
            kernel.record(ZbufId.A, 26, new byte[i], i, seconds[i], fractions[i]);
        }
        kernel.handOver(ZbufId.A);
        int[] index = {0};

        new ZbufConsumer(kernel.zbuf, TimestampFormat.BINTIME).poll().forEach(record -> {
            int i = index[0]++;
            assertThat(record.epochNanos()).as("seed %d record %d", seed, i).isEqualTo(exactBintime(seconds[i], fractions[i]));
        });
        assertThat(index[0]).isEqualTo(seconds.length);
    }

    @Test
    void bintimeHalfASecondIs500MillionNanoseconds() {
        assertThat(epochNanos(TimestampFormat.BINTIME, 3, Long.MIN_VALUE)).isEqualTo(3_500_000_000L);
        assertThat(epochNanos(TimestampFormat.BINTIME, 0, -1L)).isEqualTo(999_999_999L);
        assertThat(epochNanos(TimestampFormat.BINTIME, 0, Long.MAX_VALUE)).isEqualTo(499_999_999L);
    }

    private static long exactBintime(long seconds, long fraction) {
        BigInteger unsignedFraction = new BigInteger(Long.toUnsignedString(fraction));
        return BigInteger.valueOf(seconds).multiply(BILLION)
            .add(unsignedFraction.multiply(BILLION).divide(TWO_TO_64)).longValueExact();
    }

    @Test
    void headerFieldsAreTheValidatedOnesOfTheCurrentRecord() {
        withRecord(TimestampFormat.MICROTIME, 30, new byte[7], 0, 0, record -> {
            assertThat(record.offset()).isEqualTo(64);
            assertThat(record.hdrlen()).isEqualTo(30);
            assertThat(record.caplen()).isEqualTo(7);
            assertThat(record.datalen()).isEqualTo(11);
        });
    }
}
