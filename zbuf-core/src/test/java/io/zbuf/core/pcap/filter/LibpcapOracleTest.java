package io.zbuf.core.pcap.filter;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libpcap is the oracle: for every expression of {@code expressions.txt} and every link type, zbuf's
 * program is compiled iff {@code tcpdump -ddd} compiles one; then on every packet of the test captures
 * (generated ones and the shared pcaps) zbuf's program, libpcap's program (both run by zbuf's interpreter)
 * and {@code tcpdump -r} itself agree, including the snap length returned. Prints the ratio of zbuf's
 * instruction count to libpcap's.
 */
@Tag("external-tool")
class LibpcapOracleTest {
    private static final long SEED = 11;
    private static final List<LinkType> LINK_TYPES = List.of(LinkType.EN10MB, LinkType.NULL, LinkType.RAW);

    @TempDir
    static Path directory;

    @BeforeAll
    static void needsTcpdump() {
        try {
            run(List.of("tcpdump", "--version"));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("tcpdump is needed: apt-get install -y tcpdump (" + e.getMessage() + ")", e);
        }
    }

    static List<String> expressions() throws IOException {
        try (InputStream in = LibpcapOracleTest.class.getResourceAsStream("expressions.txt")) {
            List<String> expressions = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    expressions.add(line.strip());
                }
            }
            return expressions;
        }
    }

    @Test
    void zbufAgreesWithLibpcapOnEveryExpressionAndPacket() throws Exception {
        List<String> expressions = expressions();
        System.out.println("oracle: seed " + SEED + ", " + expressions.size() + " expressions");
        Map<LinkType, List<byte[]>> packets = new ConcurrentHashMap<>();
        Map<LinkType, Path> files = new ConcurrentHashMap<>();
        for (LinkType type : LINK_TYPES) {
            List<byte[]> list = FilterCaptures.packets(type, SEED);
            Path file = directory.resolve(type.name() + ".pcap");
            FilterCaptures.write(file, type, list);
            packets.put(type, list);
            files.put(type, file);
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong zbufInstructions = new AtomicLong();
        AtomicLong libpcapInstructions = new AtomicLong();
        AtomicLong compiled = new AtomicLong();
        AtomicLong rejectedByBoth = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String expression : expressions) {
                for (LinkType type : LINK_TYPES) {
                    futures.add(pool.submit(() -> {
                        try {
                            check(expression, type, packets.get(type), files.get(type), failures, zbufInstructions,
                                libpcapInstructions, compiled, rejectedByBoth);
                        } catch (IOException | RuntimeException e) {
                            failures.add(type.name() + " '" + expression + "': " + e);
                        }
                    }));
                }
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("oracle: %d expression x link type compiled by both, %d rejected by both; "
                + "instructions zbuf %d / libpcap %d = %.3f%n", compiled.get(), rejectedByBoth.get(),
            zbufInstructions.get(), libpcapInstructions.get(), (double) zbufInstructions.get() / libpcapInstructions.get());
        assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(40, failures.size())))).isEmpty();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(300);
    }

    private static void check(String expression, LinkType type, List<byte[]> packets, Path file, List<String> failures,
                              AtomicLong zbufCount, AtomicLong libpcapCount, AtomicLong compiled, AtomicLong rejected)
        throws IOException, BpfException {
        String where = type.name() + " '" + expression + "'";
        BpfProgram libpcap;
        try {
            libpcap = parseDecimal(run(List.of("tcpdump", "-r", file.toString(), "-ddd", expression)));
        } catch (IOException rejectedByLibpcap) {
            libpcap = null;
        }
        BpfProgram zbuf;
        String zbufError = null;
        try {
            zbuf = FilterCompiler.compile(expression, type, FilterCaptures.SNAP_LENGTH);
        } catch (FilterSyntaxException e) {
            zbuf = null;
            zbufError = e.getMessage();
        }
        if (libpcap == null) {
            if (zbuf != null) {
                failures.add(where + ": libpcap rejects it, zbuf compiles it");
            } else {
                rejected.incrementAndGet();
            }
            return;
        }
        if (zbuf == null) {
            failures.add(where + ": libpcap compiles it, zbuf rejects it: " + zbufError);
            return;
        }
        compiled.incrementAndGet();
        zbufCount.addAndGet(zbuf.instructions().size());
        libpcapCount.addAndGet(libpcap.instructions().size());
        BpfFilter ours = BpfFilter.compile(zbuf);
        BpfFilter theirs = BpfFilter.compile(libpcap);
        TreeSet<Integer> accepted = new TreeSet<>();
        Packet packet = new Packet(1);
        for (int i = 0; i < packets.size(); i++) {
            byte[] bytes = packets.get(i);
            packet.reset().append(ByteBuffer.wrap(bytes)).wireLength(bytes.length);
            int mine = ours.run(packet);
            int libpcapVerdict = theirs.run(packet);
            if (mine != libpcapVerdict) {
                failures.add(where + ": packet " + i + ": zbuf returns " + mine + ", libpcap's program " + libpcapVerdict);
                return;
            }
            if (mine != 0) {
                accepted.add(i);
            }
        }
        TreeSet<Integer> printed = new TreeSet<>();
        run(List.of("tcpdump", "-r", file.toString(), "-nn", "-tt", "-q", expression)).lines()
            .filter(line -> line.matches("\\d+\\.\\d+ .*"))
            .forEach(line -> printed.add(Integer.parseInt(line.substring(0, line.indexOf('.')))));
        if (!printed.equals(accepted)) {
            failures.add(where + ": zbuf accepts " + accepted.size() + " packets, tcpdump -r prints " + printed.size());
        }
    }

    private static BpfProgram parseDecimal(String output) {
        List<BpfInsn> instructions = new ArrayList<>();
        String[] lines = output.strip().split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split(" ");
            instructions.add(new BpfInsn(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseUnsignedInt(f[3])));
        }
        return new BpfProgram(instructions);
    }

    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(command + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
        return output;
    }
}
