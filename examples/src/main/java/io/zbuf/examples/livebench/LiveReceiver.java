package io.zbuf.examples.livebench;

import io.zbuf.core.source.SequenceChecker;
import io.zbuf.core.source.SequenceNumbers;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.shm.ShmBackend;
import io.zbuf.sim.SimBackend;
import io.zbuf.spi.BpfStats;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A receiver of {@code zbuf bench-live}, in a JVM of its own: {@code LiveReceiver zbuf-sim IFACE} (the simulator's
 * kernel thread reads the interface through the live source), {@code LiveReceiver zbuf-shm IFACE SOCKET} (a
 * reader of the shm daemon at SOCKET, which reads it) or {@code LiveReceiver pcap4j IFACE} (libpcap through
 * pcap4j, each packet as the byte array its raw listener gets). Prints {@code ready} once it captures; for each
 * line on standard input prints {@code counts DELIVERED DROPPED RECEIVED DISORDERED}: packets handed to the
 * reader, dropped (by the ring or the buffers), received by the kernel's filter, and those that came out of
 * order or twice (by the sequence numbers of each {@link UdpFlood} thread, told apart by source port); ends at the
 * end of its input.
 */
public final class LiveReceiver {
    private static final int RING_BYTES = 4 << 20;
    private static final int SNAP_LENGTH = 65_535;
    private static final int TIMEOUT_MILLIS = 10;

    /** UDP source port in an Ethernet/IPv4 frame without options. */
    private static final int SOURCE_PORT_OFFSET = 34;
    private static final int MAXIMUM_SENDERS = 8;

    private final SequenceChecker[] sequences = new SequenceChecker[MAXIMUM_SENDERS];
    private long unsequenced;
    private volatile long delivered;
    private volatile long disordered;
    private volatile boolean stopped;

    private LiveReceiver() {
        for (int i = 0; i < MAXIMUM_SENDERS; i++) {
            sequences[i] = new SequenceChecker();
        }
    }

    public static void main(String[] args) throws Exception {
        LiveReceiver receiver = new LiveReceiver();
        switch (args[0]) {
            case "zbuf-sim" -> {
                SimBackend sim = new SimBackend();
                sim.createInterface(args[1], "live:" + args[1]);
                receiver.zbuf(ZbufCapture.open(sim.open(), config(args[1])));
            }
            case "zbuf-shm" -> receiver.zbuf(ZbufCapture.open(new ShmBackend(Path.of(args[2])).open(), config(args[1])));
            case "pcap4j" -> receiver.pcap4j(args[1]);
            default -> throw new IllegalArgumentException("no receiver " + args[0]);
        }
        System.exit(0);
    }

    private static CaptureConfig config(String iface) {
        return CaptureConfig.builder().interfaceName(iface).readTimeout(Duration.ofMillis(TIMEOUT_MILLIS)).build();
    }

    private void zbuf(ZbufCapture capture) throws Exception {
        Thread reader = new Thread(() -> {
            try {
                while (!stopped) {
                    capture.dispatch(record -> accept(record.packet()), Duration.ofMillis(100));
                    publish();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "live-bench-reader");
        reader.start();
        serve(() -> {
            BpfStats stats = capture.stats();
            return new long[] {stats.dropped(), stats.received()};
        });
        stopped = true;
        reader.join(5000);
    }

    private void pcap4j(String iface) throws Exception {
        PcapHandle handle = new PcapHandle.Builder(iface).snaplen(SNAP_LENGTH).promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(TIMEOUT_MILLIS).bufferSize(RING_BYTES).build();
        RawPacketListener listener = packet -> {
            accept(ByteBuffer.wrap(packet));
            publish();
        };
        Thread reader = new Thread(() -> {
            try {
                handle.loop(-1, listener);
            } catch (InterruptedException e) {
                // breakLoop: the end
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "live-bench-pcap4j");
        reader.start();
        serve(() -> {
            PcapStat stats = handle.getStats();
            return new long[] {stats.getNumPacketsDropped(), stats.getNumPacketsReceived()};
        });
        handle.breakLoop();
        reader.join(5000);
        handle.close();
    }

    /** Checks the frame's sequence number against those of its sender (by source port). */
    private void accept(ByteBuffer frame) {
        long sequence = SequenceNumbers.read(frame);
        int sender = sequence < 0 ? -1 : Short.toUnsignedInt(frame.getShort(frame.position() + SOURCE_PORT_OFFSET)) - UdpFlood.FIRST_PORT;
        if (sender < 0 || sender >= MAXIMUM_SENDERS) {
            unsequenced++;
        } else {
            sequences[sender].accept(sequence);
        }
    }

    private void publish() {
        long count = unsequenced;
        long wrong = 0;
        for (SequenceChecker checker : sequences) {
            count += checker.delivered() + checker.duplicates();
            wrong += checker.outOfOrder() + checker.duplicates();
        }
        delivered = count;
        disordered = wrong;
    }

    /** Says it is ready, then answers each line of standard input with the counts, until its end. */
    private void serve(Stats stats) throws Exception {
        System.out.println("ready");
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        while (commands.readLine() != null) {
            long[] kernel = stats.read();
            System.out.println("counts " + delivered + " " + kernel[0] + " " + kernel[1] + " " + disordered);
            System.out.flush();
        }
    }

    /** The dropped and received counters of the capture. */
    @FunctionalInterface
    private interface Stats {
        long[] read() throws Exception;
    }
}
