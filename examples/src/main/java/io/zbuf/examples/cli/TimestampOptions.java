package io.zbuf.examples.cli;

import io.zbuf.spi.TimestampType;
import picocli.CommandLine.Option;

/** {@code --tstamp} and {@code --tstamp-fast}: how the kernel stamps records (BIOCSTSTAMP), for every command that captures. */
final class TimestampOptions {
    @Option(names = "--tstamp", defaultValue = "micro", description = "Timestamp format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    TimestampOption format;

    @Option(names = "--tstamp-fast", description = "BPF_T_FAST: stamp records with the kernel's last tick instead of a clock read per packet "
            + "(cheaper, less precise; not with --tstamp none).")
    boolean fast;

    /**
     * The timestamp type these options ask for.
     *
     * @throws IllegalArgumentException for {@code --tstamp none} with {@code --tstamp-fast}
     */
    TimestampType type() {
        return new TimestampType(format.format, false, fast);
    }
}
