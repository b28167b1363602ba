package io.zbuf.examples.bench;

import io.zbuf.spi.TimestampType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs every transport at every size: per transport one setup, per size one session whose producer sends
 * warm-up and measured runs back to back; the warm-up runs are checked as well but not reported.
 *
 * @param transports the rows, in order
 * @param sizes      message sizes in bytes
 * @param count      messages per run
 * @param warmups    runs before the measured ones
 * @param runs       measured runs per row
 * @param zbufTimestamps how zbuf's kernel stamps records
 */
public record Benchmark(List<TransportKind> transports, List<Integer> sizes, long count, int warmups, int runs,
                        TimestampType zbufTimestamps) {
    public Benchmark {
        transports = List.copyOf(transports);
        sizes = List.copyOf(sizes);
        if (transports.isEmpty() || sizes.isEmpty()) {
            throw new IllegalArgumentException("a benchmark needs at least one transport and one size");
        }
        if (count < 2 || warmups < 0 || runs < 1) {
            throw new IllegalArgumentException("a benchmark needs at least 2 messages per run (given " + count + "), "
                    + "no negative warm-up count (given " + warmups + ") and at least one run (given " + runs + ")");
        }
        Objects.requireNonNull(zbufTimestamps, "zbufTimestamps");
    }

    /** A benchmark whose zbuf rows stamp records as a new descriptor does: {@link TimestampType#DEFAULT}. */
    public Benchmark(List<TransportKind> transports, List<Integer> sizes, long count, int warmups, int runs) {
        this(transports, sizes, count, warmups, runs, TimestampType.DEFAULT);
    }

    /**
     * Runs it, telling {@code progress} what starts; returns a measurement per transport and size, in order. A
     * transport that cannot be set up, or a session that throws, fails its rows and the benchmark goes on.
     */
    public List<Measurement> run(Consumer<String> progress) throws InterruptedException {
        return run(progress, kind -> kind.open(zbufTimestamps));
    }

    /** Sets a transport up: {@link TransportKind#open(TimestampType)}, or a stand-in in tests. */
    interface Opener {
        Transport open(TransportKind kind) throws Exception;
    }

    List<Measurement> run(Consumer<String> progress, Opener opener) throws InterruptedException {
        List<Measurement> measurements = new ArrayList<>();
        for (TransportKind kind : transports) {
            progress.accept(kind.title());
            Transport transport;
            try {
                transport = opener.open(kind);
            } catch (Exception e) {
                for (int size : sizes) {
                    measurements.add(Measurement.failed(kind, size, "cannot set up: " + describe(e)));
                }
                continue;
            }
            try (Transport open = transport) {
                for (int size : sizes) {
                    progress.accept(kind.title() + ", " + size + " bytes");
                    measurements.add(measure(open, kind, size));
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                progress.accept(kind.title() + ": closing failed: " + describe(e));
            }
        }
        return measurements;
    }

    private Measurement measure(Transport transport, TransportKind kind, int size) throws InterruptedException {
        List<RunResult> measured = new ArrayList<>();
        try (Transport.Session session = transport.open(size, count, warmups + runs)) {
            for (int i = 0; i < warmups + runs; i++) {
                RunResult result = session.nextRun();
                if (!result.ok()) {
                    return Measurement.failed(kind, size, (i < warmups ? "warm-up run " + (i + 1) : "run " + (i + 1 - warmups))
                            + ": " + result.failure());
                }
                if (i >= warmups) {
                    measured.add(result);
                }
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return Measurement.failed(kind, size, describe(e));
        }
        return Measurement.of(kind, size, measured);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
