package io.zbuf.core.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A packet source named by a user, parsed once and opened as often as needed:
 * <ul>
 *   <li>{@code synthetic} - 64-byte UDP frames, endless, as fast as possible;</li>
 *   <li>{@code synthetic:size=64}, {@code synthetic:sizes=64/512/1500} (cycled),
 *       {@code synthetic:min=60,max=1514,seed=7} (random), plus {@code count=N}, {@code rate=PPS},
 *       {@code fragments=N} - see {@link SyntheticSource};</li>
 *   <li>{@code pcap:/path/file.pcap}, optionally {@code ,loop=N,rate=PPS}, or a bare path ending in
 *       {@code .pcap}, {@code .pcapng} or {@code .cap} - see {@link PcapSource}. Paths with commas are not supported.</li>
 * </ul>
 * Mistakes are {@link IllegalArgumentException}s with a one-line sentence naming the problem.
 */
public final class SourceSpec {
    private static final String SYNTHETIC = "synthetic";
    private static final String PCAP_PREFIX = "pcap:";
    private static final Set<String> SYNTHETIC_KEYS = Set.of("size", "sizes", "min", "max", "seed", "count", "rate", "fragments");
    private static final Set<String> PCAP_KEYS = Set.of("loop", "rate");
    private static final Pattern CAPTURE_FILE = Pattern.compile(".*\\.(pcap|pcapng|cap)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,15}");

    private final String text;
    private final Opener opener;
    private final String description;

    private SourceSpec(String text, Opener opener, String description) {
        this.text = text;
        this.opener = opener;
        this.description = description;
    }

    /**
     * Parses a source specification.
     *
     * @throws IllegalArgumentException for an unknown kind, an unknown or repeated key, a bad number or a
     *     setting out of range
     */
    public static SourceSpec parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals(SYNTHETIC) || trimmed.startsWith(SYNTHETIC + ":")) {
            return synthetic(trimmed, trimmed.substring(Math.min(trimmed.length(), SYNTHETIC.length() + 1)));
        }
        if (trimmed.startsWith(PCAP_PREFIX)) {
            return pcap(trimmed, trimmed.substring(PCAP_PREFIX.length()));
        }
        if (CAPTURE_FILE.matcher(trimmed).matches()) {
            return pcap(trimmed, trimmed);
        }
        throw new IllegalArgumentException("source '" + text + "' is neither 'synthetic[:key=value,...]' nor "
            + "'pcap:FILE' nor a file ending in .pcap, .pcapng or .cap");
    }

    /**
     * Parses {@code NAME=SOURCE}, as given to {@code zbuf kernel --interface}: an interface name (1 to 15
     * letters, digits, '.', '_' or '-') and a source specification.
     */
    public static Interface parseInterface(String text) {
        int equals = text.indexOf('=');
        String name = text.substring(0, Math.max(equals, 0)).strip();
        if (!INTERFACE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("interface '" + text + "' is not NAME=SOURCE with a name of 1 to 15 "
                + "letters, digits, '.', '_' or '-'");
        }
        return new Interface(name, parse(text.substring(equals + 1)));
    }

    /** A new, independent source as specified, from its first packet. */
    public PacketSource open() throws IOException {
        return opener.open();
    }

    /** What the source produces, in words. */
    public String describe() {
        return description;
    }

    /** The specification as written. */
    @Override
    public String toString() {
        return text;
    }

    private static SourceSpec synthetic(String text, String options) {
        Map<String, String> settings = options(text, options, SYNTHETIC_KEYS);
        SyntheticSource.Builder builder = SyntheticSource.builder();
        try {
            boolean range = settings.containsKey("min") || settings.containsKey("max");
            int ways = (settings.containsKey("size") ? 1 : 0) + (settings.containsKey("sizes") ? 1 : 0) + (range ? 1 : 0);
            if (ways > 1) {
                throw new IllegalArgumentException("choose one of size, sizes or min/max");
            }
            if (range) {
                builder.randomFrameSizes(intValue(settings, "min", -1), intValue(settings, "max", -1), longValue(settings, "seed", 1));
            } else if (settings.containsKey("seed")) {
                throw new IllegalArgumentException("seed only applies to random sizes (min and max)");
            }
            if (settings.containsKey("size")) {
                builder.frameSize(intValue(settings, "size", 0));
            }
            if (settings.containsKey("sizes")) {
                builder.frameSizes(sizes(settings.get("sizes")));
            }
            if (settings.containsKey("count")) {
                builder.count(longValue(settings, "count", 0));
            }
            builder.packetsPerSecond(longValue(settings, "rate", 0)).fragments(intValue(settings, "fragments", 1));
            builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source '" + text + "': " + e.getMessage(), e);
        }
        return new SourceSpec(text, builder::build, builder.toString());
    }

    private static SourceSpec pcap(String text, String pathAndOptions) {
        int comma = pathAndOptions.indexOf(',');
        String pathText = comma < 0 ? pathAndOptions : pathAndOptions.substring(0, comma);
        Map<String, String> settings = options(text, comma < 0 ? "" : pathAndOptions.substring(comma + 1), PCAP_KEYS);
        long loops;
        long rate;
        Path file;
        try {
            if (pathText.isEmpty()) {
                throw new IllegalArgumentException("the capture file is missing");
            }
            file = Path.of(pathText);
            loops = longValue(settings, "loop", 1);
            rate = longValue(settings, "rate", 0);
            if (loops < 1) {
                throw new IllegalArgumentException("loop=0: a capture is played at least once");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source '" + text + "': " + e.getMessage(), e);
        }
        return new SourceSpec(text, () -> PcapSource.open(file, loops, rate), PcapSource.describe(file, loops, rate));
    }

    /** {@code key=value} pairs separated by commas, each key known and given once. */
    private static Map<String, String> options(String text, String options, Set<String> keys) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String option : options.isEmpty() ? new String[0] : options.split(",", -1)) {
            String[] pair = option.split("=", 2);
            String key = pair[0].strip().toLowerCase(Locale.ROOT);
            if (pair.length < 2 || !keys.contains(key)) {
                throw new IllegalArgumentException("source '" + text + "': '" + option + "' is not one of "
                    + String.join(", ", keys.stream().sorted().map(k -> k + "=...").toList()));
            }
            if (settings.put(key, pair[1].strip()) != null) {
                throw new IllegalArgumentException("source '" + text + "': " + key + " is given twice");
            }
        }
        return settings;
    }

    private static int[] sizes(String list) {
        String[] parts = list.split("/", -1);
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = (int) number("sizes", parts[i], Integer.MAX_VALUE);
        }
        return sizes;
    }

    private static int intValue(Map<String, String> settings, String key, int absent) {
        String value = settings.get(key);
        return value == null ? absent : (int) number(key, value, Integer.MAX_VALUE);
    }

    private static long longValue(Map<String, String> settings, String key, long absent) {
        String value = settings.get(key);
        return value == null ? absent : number(key, value, Long.MAX_VALUE);
    }

    private static long number(String key, String value, long maximum) {
        try {
            long number = Long.parseLong(value);
            if (number >= 0 && number <= maximum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new IllegalArgumentException(key + "=" + value + " is not a whole number between 0 and " + maximum);
    }

    /** A source that makes packets; like {@link PacketSource#open} but a method reference. */
    private interface Opener {
        PacketSource open() throws IOException;
    }

    /** An interface name and the source that feeds it. */
    public record Interface(String name, SourceSpec source) {
    }
}
