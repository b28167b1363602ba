package io.zbuf.examples.cli;

import io.zbuf.core.Zbuf;
import io.zbuf.core.pcap.PcapWriter;
import io.zbuf.core.pcap.filter.FilterSyntaxException;
import io.zbuf.core.source.SourceSpec;
import io.zbuf.core.user.BpfRecord;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ControlledRecordHandler;
import io.zbuf.core.user.RecordHandler;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.examples.cli.decode.PacketLine;
import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.InterfaceGoneException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zbuf capture}: capture through zero-copy buffers, print or write the packets, summarise. */
@Command(name = "capture", description = "Capture packets through zero-copy buffers and print them (or write a pcap file).")
final class CaptureCommand implements Callable<Integer> {
    /** Interfaces a replay creates are named replay0, replay1, ... unless {@code -i} names one. */
    static final String REPLAY_PREFIX = "replay";
    /** Interfaces {@code --source} creates are named src0, src1, ... unless {@code -i} names one or the source has a name. */
    static final String SOURCE_PREFIX = "src";
    /** Longest single wait, so that --count, --duration and Ctrl-C are noticed promptly. */
    private static final Duration MAX_WAIT = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Option(names = {"-b", "--backend"}, defaultValue = "sim", description = "Backend: sim, shm, freebsd (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = {"-i", "--interface"}, description = "Interface to attach to, or the name of the one --replay/--source creates (default: the backend's first).")
    String interfaceName;

    @Option(names = {"-r", "--replay"}, paramLabel = "FILE", description = "Replay a pcap or pcapng file through a new interface.")
    Path replay;

    @Option(names = "--source", paramLabel = "SPEC",
            description = "Capture from a new interface fed by this source, e.g. live:eth0 (Linux), synthetic:size=1514,rate=0 or synthetic:count=100 (see docs/sources.md, `zbuf sources`).")
    String source;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", description = "Write the packets to a pcap file instead of printing them.")
    Path write;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N packets.")
    Long count;

    @Option(names = {"-s", "--snapshot-length"}, paramLabel = "SNAPLEN",
            description = "Capture at most SNAPLEN bytes of each packet, as tcpdump -s (default and 0: 262144).")
    String snapLength;

    @Option(names = {"-p", "--no-promiscuous-mode"},
            description = "Do not put the interface into promiscuous mode (as tcpdump, zbuf asks for it by default).")
    boolean noPromiscuous;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class, description = "Stop after this long (500ms, 10s, 2m).")
    Duration duration;

    @Option(names = "--buffer-size", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Bytes per zero-copy buffer, header included (default 512k, capped at the kernel's zmax).")
    Integer bufferSize;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1000", description = "Read timeout in ms: a partly filled buffer is handed over after this long (default: ${DEFAULT-VALUE}; 0 never).")
    long timeoutMillis;

    @Option(names = "--immediate", description = "Wake the reader on every packet.")
    boolean immediate;

    @Mixin
    TimestampOptions tstamp;

    @Option(names = {"-q", "--quiet"}, description = "Print no packet lines, only the summary.")
    boolean quiet;

    @Option(names = {"-D", "--list-interfaces"}, description = "Print the backend's interfaces, numbered as tcpdump -D does, and exit.")
    boolean listInterfaces;

    @Mixin
    FilterArguments filter;

    @Override
    public Integer call() throws Exception {
        if (count != null && count <= 0) {
            throw new IllegalArgumentException("--count must be positive: " + count);
        }
        Backend selected = Zbuf.backends().require(backend);
        if (listInterfaces) {
            InterfaceList.print(selected, spec.commandLine().getOut());
            return 0;
        }
        String attachTo = chooseInterface(selected);
        CaptureConfig.Builder config = CaptureConfig.builder().interfaceName(attachTo)
                .snapLength(snapLength())
                .promiscuous(!noPromiscuous)
                .immediate(immediate)
                .readTimeout(Duration.ofMillis(timeoutMillis))
                .timestampType(tstamp.type());
        if (!filter.dumps()) {
            filter.configure(config, replay, snapLength());
        }
        if (bufferSize != null) {
            config.bufferSize(bufferSize);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ZbufCapture capture = open(selected, config.build());
             PcapWriter writer = write == null ? null : PcapWriter.create(write, capture.linkType(), capture.snapLength(),
                     tstamp.format.finerThanMicroseconds() ? PcapWriter.Precision.NANO : PcapWriter.Precision.MICRO)) {
            if (filter.dumps()) {
                filter.print(capture.linkType(), capture.snapLength(), out);
                return 0;
            }
            listening(attachTo, capture);
            CaptureSummary summary = run(capture, sink(capture, writer, out));
            summary.print(out);
        }
        return 0;
    }

    private static ZbufCapture open(Backend selected, CaptureConfig config) throws BpfException {
        try {
            return ZbufCapture.open(selected.open(), config);
        } catch (FilterSyntaxException e) {
            throw FilterArguments.failure(e);
        }
    }

    /**
     * tcpdump's {@code -s}: a number in C's notation (decimal, 0x hexadecimal, 0 octal) from 0 to 262144, 0 meaning
     * 262144, the default; anything else is the error tcpdump gives, in its words.
     */
    private int snapLength() {
        if (snapLength == null) {
            return CaptureConfig.DEFAULT_SNAP_LENGTH;
        }
        int bytes;
        try {
            bytes = Integer.decode(snapLength);
        } catch (NumberFormatException notANumber) {
            bytes = -1;
        }
        if (bytes < 0 || bytes > CaptureConfig.DEFAULT_SNAP_LENGTH || snapLength.startsWith("#")) {
            throw new IllegalArgumentException("invalid snaplen " + snapLength + " (must be >= 0 and <= "
                    + CaptureConfig.DEFAULT_SNAP_LENGTH + ")");
        }
        return bytes == 0 ? CaptureConfig.DEFAULT_SNAP_LENGTH : bytes;
    }

    /** What tcpdump says on standard error once it listens, and its warning when promiscuous mode was refused. */
    private void listening(String interfaceName, ZbufCapture capture) {
        PrintWriter err = spec.commandLine().getErr();
        capture.promiscuousFailure().ifPresent(refused -> err.println("zbuf: WARNING: " + refused.getMessage()));
        err.println("listening on " + interfaceName + ", link-type " + capture.linkType() + ", snapshot length "
                + capture.snapLength() + " bytes");
        err.flush();
    }

    private String chooseInterface(Backend selected) throws BpfException {
        if (replay != null && source != null) {
            throw new IllegalArgumentException("--replay and --source both name a source; give one");
        }
        if (replay != null) {
            return createInterface(selected, REPLAY_PREFIX, "pcap:" + replay.toAbsolutePath());
        }
        if (source != null) {
            return createInterface(selected, SOURCE_PREFIX, source);
        }
        if (interfaceName != null) {
            return interfaceName;
        }
        List<String> interfaces = selected.interfaces();
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("backend " + selected.name() + " has no interface; name one with -i");
        }
        return interfaces.get(0);
    }

    /**
     * A new interface fed by {@code spec}: named by {@code -i}, else as the source suggests (a live source: the
     * interface it reads) if that name is free, else the first of prefix0, prefix1, ... not taken.
     */
    private String createInterface(Backend selected, String prefix, String spec) throws BpfException {
        String name = interfaceName;
        if (name == null) {
            List<String> taken = selected.interfaces();
            name = SourceSpec.parse(spec).interfaceName().filter(suggested -> !taken.contains(suggested)).orElse(null);
            for (int i = 0; name == null; i++) {
                if (!taken.contains(prefix + i)) {
                    name = prefix + i;
                }
            }
        }
        selected.createInterface(name, spec);
        return name;
    }

    private Sink sink(ZbufCapture capture, PcapWriter writer, PrintWriter out) {
        long limit = count == null ? Long.MAX_VALUE : count;
        if (writer != null) {
            return new Sink(limit, record -> {
                try {
                    writer.write(record.epochNanos(), record.packetWindow(), (int) record.datalen());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (quiet) {
            return new Sink(limit, record -> { });
        }
        StringBuilder line = new StringBuilder(128);
        boolean nanos = tstamp.format.finerThanMicroseconds();
        return new Sink(limit, record -> {
            line.setLength(0);
            PacketLine.format(line, record.epochNanos(), capture.linkType(), record.packetWindow(), record.datalen(), nanos);
            out.append(line).println();
        });
    }

    private CaptureSummary run(ZbufCapture capture, Sink sink) throws BpfException, InterruptedException {
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        try (Progress progress = Progress.start(quiet || write != null, count, duration)) {
            while (!sink.full() && System.nanoTime() - end < 0) {
                long left = end - System.nanoTime();
                Duration wait = left < MAX_WAIT.toNanos() ? Duration.ofNanos(Math.max(left, 0)) : MAX_WAIT;
                try {
                    capture.controlledDispatch(sink, wait);
                } catch (InterfaceGoneException | DeviceClosedException e) {
                    break;
                }
                spec.commandLine().getOut().flush();
                progress.update(sink.captured, System.nanoTime() - start);
            }
        }
        // the walk breaks at --count, so every record delivered was captured
        return new CaptureSummary(sink.captured, sink.captured, sink.bytes, capture.buffersReceived(), capture.stats(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Passes each record on and counts it, until {@code --count}: the walk breaks after the last one, so the
     * records after it stay in their buffer, neither delivered nor lost.
     */
    private static final class Sink implements ControlledRecordHandler {
        private final long limit;
        private final RecordHandler output;
        long captured;
        long bytes;

        Sink(long limit, RecordHandler output) {
            this.limit = limit;
            this.output = output;
        }

        boolean full() {
            return captured >= limit;
        }

        @Override
        public Action onRecord(BpfRecord record) {
            captured++;
            bytes += record.caplen();
            output.onRecord(record);
            return full() ? Action.BREAK : Action.CONTINUE;
        }
    }
}
