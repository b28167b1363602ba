package io.zbuf.examples.livebench;

import io.zbuf.shm.ShmBackend;
import io.zbuf.shm.daemon.KernelDaemonMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code zbuf bench-live}: real packets from a sender flat out across a veth pair ({@link LiveTestbed}), captured
 * in turn by each receiver at each frame size on the same traffic: zbuf's simulator and shm daemon through the
 * live source, {@code tcpdump -w /dev/null}, and pcap4j. Every receiver has a 4 MiB kernel ring. The sender and
 * the JVM receivers are warmed up before each measured run; a receiver's counts are taken before and after it,
 * once it has drained what it was sent.
 */
public final class LiveBench {
    /** The receivers, in the table's order. */
    public static final List<String> RECEIVERS = List.of("zbuf-sim", "zbuf-shm", "tcpdump", "pcap4j");
    private static final Pattern TCPDUMP = Pattern.compile("(\\d+) packets? (captured|received by filter|dropped by kernel)");
    private static final long START_SECONDS = 60;

    private final List<Integer> frameSizes;
    private final List<String> receivers;
    private final long millis;
    private final long warmupMillis;
    private final int runs;
    private final int senders;
    private final Path logs;

    /**
     * A benchmark of {@code receivers} at {@code frameSizes}, each measured {@code runs} times for {@code millis}
     * after {@code warmupMillis} of warm-up, by {@code senders} sending threads; the children's logs go to {@code logs}.
     */
    public LiveBench(List<Integer> frameSizes, List<String> receivers, long millis, long warmupMillis, int runs, int senders, Path logs) {
        for (String receiver : receivers) {
            if (!RECEIVERS.contains(receiver)) {
                throw new IllegalArgumentException("no receiver " + receiver + "; there are " + String.join(", ", RECEIVERS));
            }
        }
        this.frameSizes = List.copyOf(frameSizes);
        this.receivers = List.copyOf(receivers);
        this.millis = millis;
        this.warmupMillis = warmupMillis;
        this.runs = runs;
        this.senders = senders;
        this.logs = logs;
    }

    /** Runs every trial and returns, per frame size and receiver, the run of median delivery. */
    public List<Trial> run(Consumer<String> progress) throws IOException, InterruptedException {
        List<Trial> trials = new ArrayList<>();
        try (LiveTestbed testbed = LiveTestbed.create();
             Child sender = Child.start("sender", testbed.asSender(java(UdpFlood.class.getName(), LiveTestbed.SENDER_ADDRESS, LiveTestbed.TARGET,
                     Integer.toString(LiveTestbed.PORT), Integer.toString(senders))), logs.resolve("sender.log"))) {
            for (int size : frameSizes) {
                for (String receiver : receivers) {
                    List<Trial> repeated = new ArrayList<>();
                    for (int run = 1; run <= runs; run++) {
                        progress.accept(receiver + ", " + size + "-byte frames, run " + run + " of " + runs);
                        repeated.add(trial(testbed, sender, receiver, size));
                    }
                    repeated.sort(Comparator.comparingLong(Trial::delivered));
                    trials.add(repeated.get(repeated.size() / 2));
                }
            }
        }
        return trials;
    }

    /** How long the sender sends per measured run. */
    public long millis() {
        return millis;
    }

    /** How many threads send. */
    public int senders() {
        return senders;
    }

    private Trial trial(LiveTestbed testbed, Child sender, String receiver, int size) throws IOException, InterruptedException {
        if (receiver.equals("tcpdump")) {
            return tcpdump(testbed, sender, size);
        }
        Path socket = logs.resolve("kernel-" + size + ".sock");
        Child daemon = receiver.equals("zbuf-shm") ? daemon(testbed, socket) : null;
        try (Child reader = Child.start(receiver, receiverCommand(testbed, receiver, socket), logs.resolve(receiver + ".log"))) {
            reader.await("ready", START_SECONDS);
            send(sender, size, warmupMillis);
            long[] before = drained(reader);
            long[] sent = send(sender, size, millis);
            long[] after = drained(reader);
            return new Trial(size, receiver, sent[0], sent[1], after[2] - before[2], after[0] - before[0], after[1] - before[1], after[3] - before[3]);
        } finally {
            if (daemon != null) {
                daemon.process().destroy();
                daemon.close();
            }
        }
    }

    private List<String> receiverCommand(LiveTestbed testbed, String receiver, Path socket) {
        if (receiver.equals("zbuf-shm")) {
            return java(LiveReceiver.class.getName(), receiver, LiveTestbed.RECEIVER_LINK, socket.toString());
        }
        return testbed.asReceiver(java(LiveReceiver.class.getName(), receiver, LiveTestbed.RECEIVER_LINK));
    }

    private Child daemon(LiveTestbed testbed, Path socket) throws IOException, InterruptedException {
        Child daemon = Child.start("zbuf kernel", testbed.asReceiver(java(KernelDaemonMain.class.getName(), "--socket", socket.toString(),
                "--interface", LiveTestbed.RECEIVER_LINK + "=live:" + LiveTestbed.RECEIVER_LINK)), logs.resolve("daemon.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!new ShmBackend(socket).isAvailable()) {
            if (!daemon.process().isAlive() || System.nanoTime() - deadline > 0) {
                daemon.process().destroyForcibly();
                throw new IllegalStateException("the zbuf kernel daemon did not come up; see " + logs.resolve("daemon.log"));
            }
            Thread.sleep(20);
        }
        return daemon;
    }

    /** tcpdump writing to /dev/null with a 4 MiB buffer: its counts at the end, after the measured run alone. */
    private Trial tcpdump(LiveTestbed testbed, Child sender, int size) throws IOException, InterruptedException {
        Path log = logs.resolve("tcpdump-" + size + ".log");
        Files.deleteIfExists(log);
        Process tcpdump = new ProcessBuilder(testbed.asReceiver(List.of("tcpdump", "-i", LiveTestbed.RECEIVER_LINK, "-w", "/dev/null", "-n",
                "-B", "4096"))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (!Files.readString(log).contains("listening on")) {
                if (!tcpdump.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("tcpdump did not start: " + Files.readString(log));
                }
                Thread.sleep(10);
            }
            long[] sent = send(sender, size, millis);
            Thread.sleep(1500);
            tcpdump.destroy();
            if (!tcpdump.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("tcpdump did not stop");
            }
            long[] counts = new long[3];
            Matcher matcher = TCPDUMP.matcher(Files.readString(log));
            while (matcher.find()) {
                counts[switch (matcher.group(2)) {
                    case "captured" -> 0;
                    case "received by filter" -> 1;
                    default -> 2;
                }] = Long.parseLong(matcher.group(1));
            }
            return new Trial(size, "tcpdump", sent[0], sent[1], counts[1], counts[0], counts[2], 0);
        } finally {
            tcpdump.destroyForcibly();
        }
    }

    /** Tells the sender to send frames of {@code size} for {@code duration} ms: how many it sent, in how many ns. */
    private static long[] send(Child sender, int size, long duration) throws InterruptedException {
        sender.tell(size + " " + duration);
        String[] sent = sender.await("sent ", START_SECONDS + duration / 1000).split(" ");
        return new long[] {Long.parseLong(sent[1]), Long.parseLong(sent[2])};
    }

    /**
     * The receiver's counts (delivered, dropped, received, disordered) once they stopped changing: everything it
     * was sent is delivered or dropped. At most 10 s.
     */
    private static long[] drained(Child reader) throws InterruptedException {
        long[] last = counts(reader);
        for (int stable = 0, round = 0; stable < 3 && round < 100; round++) {
            Thread.sleep(100);
            long[] now = counts(reader);
            stable = java.util.Arrays.equals(now, last) ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    private static long[] counts(Child reader) throws InterruptedException {
        reader.tell("count");
        String[] fields = reader.await("counts ", START_SECONDS).split(" ");
        return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4])};
    }

    /** This Java running {@code mainClass} on this class path. */
    private static List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String classPath() {
        StringBuilder absolute = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            absolute.append(absolute.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(entry).toAbsolutePath());
        }
        return absolute.toString();
    }
}
