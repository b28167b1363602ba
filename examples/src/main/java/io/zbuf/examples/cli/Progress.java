package io.zbuf.examples.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/**
 * A progress bar on the terminal for quiet or writing captures; nothing when output is not a terminal,
 * so logs and pipes stay clean.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final boolean byTime;

    private Progress(ProgressBar bar, boolean byTime) {
        this.bar = bar;
        this.byTime = byTime;
    }

    static Progress start(boolean wanted, Long count, Duration duration) {
        if (!wanted || System.console() == null) {
            return new Progress(null, false);
        }
        boolean byTime = count == null && duration != null;
        long max = count != null ? count : byTime ? duration.toMillis() : -1;
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("capture")
                .setInitialMax(max)
                .setUnit(byTime ? " ms" : " pkts", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Progress(bar, byTime);
    }

    void update(long packets, long elapsedNanos) {
        if (bar != null) {
            bar.stepTo(byTime ? elapsedNanos / 1_000_000 : packets);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
