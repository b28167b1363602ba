package io.zbuf.afpacket;

import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.PcapWriter;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.shm.ShmBackend;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A reader JVM of the shm daemon for the live tests:
 * {@code LiveShmReader SOCKET INTERFACE FILTER COUNT OUT.pcap}. Attaches with the filter tcpdump compiles from
 * the expression, prints "ready", writes the first COUNT packets to OUT.pcap (nanosecond timestamps) and exits;
 * gives up after 60 s.
 */
public final class LiveShmReader {
    private LiveShmReader() {
    }

    public static void main(String[] args) throws Exception {
        ShmBackend backend = new ShmBackend(Path.of(args[0]));
        long count = Long.parseLong(args[3]);
        CaptureConfig config = CaptureConfig.builder().interfaceName(args[1]).immediate(true).readTimeout(Duration.ofMillis(20))
                .timestampType(TimestampType.of(TimestampFormat.NANOTIME)).filter(Tcpdump.compile(args[2])).build();
        long[] written = new long[1];
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), config);
             PcapWriter out = PcapWriter.create(Path.of(args[4]), LinkType.EN10MB, PcapReader.MAXIMUM_SNAP_LENGTH, PcapWriter.Precision.NANO)) {
            System.out.println("ready");
            System.out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (written[0] < count && System.nanoTime() - deadline < 0) {
                capture.dispatch(record -> {
                    if (written[0]++ < count) {
                        try {
                            out.write(record.epochNanos(), record.packet(), (int) record.datalen());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, Duration.ofMillis(100));
            }
        }
        System.exit(written[0] >= count ? 0 : 1);
    }
}
