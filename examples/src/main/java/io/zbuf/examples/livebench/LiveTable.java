package io.zbuf.examples.livebench;

import java.io.PrintWriter;
import java.util.List;

/** The table {@code zbuf bench-live} prints: one row per frame size and receiver. */
public final class LiveTable {
    private LiveTable() {
    }

    /** Prints the header, one row per trial, and a line for each that failed its checks. */
    public static void print(PrintWriter out, List<Trial> trials, long millis, int senders) {
        out.printf("%d sending thread(s) flat out for %d ms per run across a veth pair; every receiver has a 4 MiB kernel ring%n", senders, millis);
        out.printf("%-6s  %-9s  %12s  %12s  %12s  %12s  %9s  %s%n", "frame", "receiver", "sent/s", "received/s", "delivered/s",
                "dropped/s", "delivered", "check");
        for (Trial trial : trials) {
            out.printf("%-6d  %-9s  %,12.0f  %,12.0f  %,12.0f  %,12.0f  %8.1f%%  %s%n", trial.frameSize(), trial.receiver(),
                    trial.perSecond(trial.sent()), trial.perSecond(trial.received()), trial.perSecond(trial.delivered()),
                    trial.perSecond(trial.dropped()), trial.received() == 0 ? 0.0 : 100.0 * trial.delivered() / trial.received(),
                    trial.ok() ? "ok" : "FAILED: " + trial);
        }
        out.flush();
    }
}
