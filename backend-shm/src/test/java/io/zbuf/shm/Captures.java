package io.zbuf.shm;

import io.zbuf.core.pcap.PcapWriter;
import io.zbuf.core.user.BpfRecord;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.TimestampFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/** Capture set-ups the shm tests share. */
final class Captures {
    /** Upper bound for anything that must eventually happen. */
    static final Duration LIVENESS = Duration.ofSeconds(20);

    private Captures() {
    }

    /** Creates an interface on {@code backend} and captures from it until it is gone: the records delivered. */
    static long untilGone(ShmBackend backend, String name, String source) throws Exception {
        backend.createInterface(name, source);
        long delivered = 0;
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName(name)
                .readTimeout(Duration.ofMillis(10)).build())) {
            while (true) {
                delivered += capture.dispatch(record -> { }, LIVENESS);
            }
        } catch (InterfaceGoneException gone) {
            return delivered;
        }
    }

    /** Replays {@code input} through a new interface of {@code backend} and writes what is captured to {@code output}. */
    static void replayAndWrite(ShmBackend backend, Path input, Path output) throws Exception {
        backend.createInterface("replay0", "pcap:" + input);
        try (ZbufCapture capture = ZbufCapture.open(backend.open(), CaptureConfig.builder().interfaceName("replay0")
                .readTimeout(Duration.ofMillis(10)).build());
             PcapWriter writer = PcapWriter.create(output, capture.linkType(), 65535, PcapWriter.Precision.MICRO)) {
            try {
                while (true) {
                    capture.dispatch(record -> write(writer, record), LIVENESS);
                }
            } catch (InterfaceGoneException gone) {
                // the file ran out and every packet was delivered
            }
        }
    }

    private static void write(PcapWriter writer, BpfRecord record) {
        try {
            writer.write(record.epochNanos(), record.packetWindow(), (int) record.datalen());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code device} up by hand with two one-page buffers, immediate, attached to {@code name}. */
    static ZbufConsumer lend(ShmDevice device, String name) throws Exception {
        device.setBufferMode(BufferMode.ZBUF);
        BpfZbuf zbuf = new BpfZbuf(device.bufferMemory().allocate(4096), device.bufferMemory().allocate(4096), 4096);
        device.setZbuf(zbuf);
        device.setImmediate(true);
        device.setInterface(name);
        return new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
    }
}
