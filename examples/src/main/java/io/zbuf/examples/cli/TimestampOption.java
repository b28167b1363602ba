package io.zbuf.examples.cli;

import io.zbuf.spi.TimestampFormat;

/** The values of {@code --tstamp}. */
enum TimestampOption {
    micro(TimestampFormat.MICROTIME),
    nano(TimestampFormat.NANOTIME),
    bintime(TimestampFormat.BINTIME),
    none(TimestampFormat.NONE);

    final TimestampFormat format;

    TimestampOption(TimestampFormat format) {
        this.format = format;
    }

    /** Whether records carry more than microseconds, so a written file should be nanosecond pcap. */
    boolean finerThanMicroseconds() {
        return this == nano || this == bintime;
    }
}
