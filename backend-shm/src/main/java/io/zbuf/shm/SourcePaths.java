package io.zbuf.shm;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes the capture file a source specification names absolute, so that the daemon, whose working directory
 * is its own, opens the file the user meant: {@code pcap:in.pcap,loop=2} becomes
 * {@code pcap:/home/me/in.pcap,loop=2}, a bare {@code in.pcapng} becomes {@code /home/me/in.pcapng}. Other
 * specifications are returned as they are.
 */
final class SourcePaths {
    private static final String PCAP_PREFIX = "pcap:";

    private SourcePaths() {
    }

    static String absolute(String source) {
        String spec = source.strip();
        if (spec.startsWith(PCAP_PREFIX)) {
            return PCAP_PREFIX + absolutePath(spec.substring(PCAP_PREFIX.length()));
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pcap") || lower.endsWith(".pcapng") || lower.endsWith(".cap")) {
            return absolutePath(spec);
        }
        return source;
    }

    /** The path before the first comma made absolute, the options after it kept. */
    private static String absolutePath(String pathAndOptions) {
        int end = pathAndOptions.indexOf(',');
        if (end < 0) {
            end = pathAndOptions.length();
        }
        return Path.of(pathAndOptions.substring(0, end)).toAbsolutePath() + pathAndOptions.substring(end);
    }
}
