package io.zbuf.examples.livebench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

/**
 * The sender of {@code zbuf bench-live}, started in the sending namespace: {@code UdpFlood FROM_IP TO_IP PORT
 * THREADS}. For each line {@code FRAME_BYTES MILLIS} on standard input its THREADS threads send UDP datagrams as
 * fast as they can for that long, each datagram making an Ethernet frame of FRAME_BYTES (42 of headers); then it
 * prints {@code sent N NANOS}. Thread t sends from port {@value #FIRST_PORT} + t, with sequence numbers of its own
 * (4 bytes, big-endian, at the start of the payload, counting on across lines). Ends at the end of its input.
 */
public final class UdpFlood {
    /** Ethernet, IPv4 and UDP headers. */
    static final int HEADERS = 42;
    /** The source port of the first thread. */
    static final int FIRST_PORT = 40_000;
    private static final int CLOCK_EVERY = 256;

    private UdpFlood() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress to = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int threads = Integer.parseInt(args[3]);
        List<Sender> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            senders.add(new Sender(new InetSocketAddress(args[0], FIRST_PORT + t), to));
        }
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] fields = line.strip().split(" ");
            int size = Integer.parseInt(fields[0]) - HEADERS;
            long duration = Long.parseLong(fields[1]) * 1_000_000;
            CyclicBarrier start = new CyclicBarrier(threads);
            List<CompletableFuture<long[]>> runs = new ArrayList<>();
            for (Sender sender : senders) {
                runs.add(CompletableFuture.supplyAsync(() -> sender.send(start, size, duration), command -> new Thread(command).start()));
            }
            long sent = 0;
            long nanos = 0;
            for (CompletableFuture<long[]> run : runs) {
                sent += run.get()[0];
                nanos = Math.max(nanos, run.get()[1]);
            }
            System.out.println("sent " + sent + " " + nanos);
            System.out.flush();
        }
    }

    /** One thread's socket and sequence numbers. */
    private static final class Sender {
        private final DatagramChannel channel;
        private final ByteBuffer payload = ByteBuffer.allocateDirect(9000);
        private long sequence;

        Sender(InetSocketAddress from, InetSocketAddress to) throws IOException {
            channel = DatagramChannel.open();
            channel.bind(from).connect(to);
        }

        /** Sends datagrams of {@code size} payload bytes for {@code duration} ns: how many, in how long. */
        long[] send(CyclicBarrier start, int size, long duration) {
            try {
                start.await();
                payload.clear().limit(size);
                long begin = System.nanoTime();
                long sent = 0;
                long elapsed = 0;
                while (elapsed < duration) {
                    for (int i = 0; i < CLOCK_EVERY; i++) {
                        payload.putInt(0, (int) sequence++).position(0);
                        channel.write(payload);
                    }
                    sent += CLOCK_EVERY;
                    elapsed = System.nanoTime() - begin;
                }
                return new long[] {sent, elapsed};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
