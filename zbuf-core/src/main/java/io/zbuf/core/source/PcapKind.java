package io.zbuf.core.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code pcap:FILE[,loop=N,rate=PPS]}, or a bare file name: the replay of a capture file, see {@link PcapSource}. */
final class PcapKind implements SourceKind {
    static final String NAME = "pcap";
    private static final Set<String> KEYS = Set.of("loop", "rate");
    private static final Pattern CAPTURE_FILE = Pattern.compile(".*\\.(pcap|pcapng|cap)", Pattern.CASE_INSENSITIVE);

    /** Whether {@code text} is a bare capture file name, which needs no {@code pcap:} in front. */
    static boolean isCaptureFile(String text) {
        return CAPTURE_FILE.matcher(text).matches();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String usage() {
        return "pcap:FILE";
    }

    @Override
    public String description() {
        return "the replay of a pcap or pcapng file with its timestamps: loop, rate; never dropped";
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public SourceFactory define(String pathAndOptions) {
        int comma = pathAndOptions.indexOf(',');
        String pathText = comma < 0 ? pathAndOptions : pathAndOptions.substring(0, comma);
        SourceSettings settings = SourceSettings.parse(comma < 0 ? "" : pathAndOptions.substring(comma + 1), KEYS);
        if (pathText.isEmpty()) {
            throw new IllegalArgumentException("the capture file is missing");
        }
        Path file = Path.of(pathText);
        long loops = settings.longValue("loop", 1);
        long rate = settings.longValue("rate", 0);
        if (loops < 1) {
            throw new IllegalArgumentException("loop=0: a capture is played at least once");
        }
        String description = PcapSource.describe(file, loops, rate);
        return new SourceFactory() {
            @Override
            public PacketSource open() throws IOException {
                return PcapSource.open(file, loops, rate);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
