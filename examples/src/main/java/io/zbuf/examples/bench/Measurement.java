package io.zbuf.examples.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The measured runs of one transport at one message size (warm-up runs left out), or why they could not be
 * made. A row with any failed run is failed as a whole: it reports the failure, never a number.
 *
 * @param kind    the transport
 * @param size    message size in bytes
 * @param runs    the measured runs
 * @param failure why the row failed (a run's sequence check, or an error setting up), or {@code null}
 */
public record Measurement(TransportKind kind, int size, List<RunResult> runs, String failure) {
    /** The row of a transport that could not run at all. */
    static Measurement failed(TransportKind kind, int size, String why) {
        return new Measurement(kind, size, List.of(), why);
    }

    /** Measured runs, failed if one of them failed its check. */
    static Measurement of(TransportKind kind, int size, List<RunResult> runs) {
        for (int i = 0; i < runs.size(); i++) {
            if (!runs.get(i).ok()) {
                return new Measurement(kind, size, List.copyOf(runs), "run " + (i + 1) + ": " + runs.get(i).failure());
            }
        }
        return new Measurement(kind, size, List.copyOf(runs), null);
    }

    /** Whether every run passed its check. */
    public boolean ok() {
        return failure == null;
    }

    /** Median messages per second over the timed runs, NaN if none could be timed. */
    public double median() {
        double[] rates = rates();
        if (rates.length == 0) {
            return Double.NaN;
        }
        int middle = rates.length / 2;
        return rates.length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
    }

    /** Slowest timed run in messages per second, NaN if none. */
    public double min() {
        double[] rates = rates();
        return rates.length == 0 ? Double.NaN : rates[0];
    }

    /** Fastest timed run in messages per second, NaN if none. */
    public double max() {
        double[] rates = rates();
        return rates.length == 0 ? Double.NaN : rates[rates.length - 1];
    }

    /** Messages dropped as a fraction of those sent, over all runs. */
    public double dropFraction() {
        long sent = 0;
        long dropped = 0;
        for (RunResult run : runs) {
            sent += run.sent();
            dropped += run.dropped();
        }
        return sent == 0 ? Double.NaN : (double) dropped / sent;
    }

    /** Control messages per 1000 buffers handed over while saturated, NaN where not counted or no buffer was found. */
    public double controlMessagesPerThousandBuffers() {
        long messages = 0;
        long buffers = 0;
        for (RunResult run : runs) {
            if (run.controlMessages() < 0) {
                return Double.NaN;
            }
            messages += run.controlMessages();
            buffers += run.buffersReceived();
        }
        return buffers == 0 ? Double.NaN : messages * 1000.0 / buffers;
    }

    private double[] rates() {
        return runs.stream().mapToDouble(RunResult::messagesPerSecond).filter(rate -> !Double.isNaN(rate)).sorted().toArray();
    }
}
