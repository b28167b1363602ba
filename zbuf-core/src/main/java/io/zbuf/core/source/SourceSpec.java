package io.zbuf.core.source;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A packet source named by a user, parsed once and opened as often as needed:
 * <ul>
 *   <li>{@code synthetic} - 64-byte UDP frames, endless, as fast as possible;</li>
 *   <li>{@code synthetic:size=64}, {@code synthetic:sizes=64/512/1500} (cycled),
 *       {@code synthetic:min=60,max=1514,seed=7} (random), plus {@code count=N}, {@code rate=PPS},
 *       {@code fragments=N} - see {@link SyntheticSource};</li>
 *   <li>{@code pcap:/path/file.pcap}, optionally {@code ,loop=N,rate=PPS}, or a bare path ending in
 *       {@code .pcap}, {@code .pcapng} or {@code .cap} - see {@link PcapSource}. Paths with commas are not supported;</li>
 *   <li>{@code KIND:SETTINGS} of a {@link SourceKind} another module installs, such as {@code live:eth0}.</li>
 * </ul>
 * Mistakes are {@link IllegalArgumentException}s with a one-line sentence naming the problem.
 */
public final class SourceSpec {
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,15}");

    private final String text;
    private final SourceKind kind;
    private final SourceFactory factory;

    private SourceSpec(String text, SourceKind kind, SourceFactory factory) {
        this.text = text;
        this.kind = kind;
        this.factory = factory;
    }

    /**
     * Parses a source specification of one of the {@linkplain SourceKinds#installed() installed kinds}.
     *
     * @throws IllegalArgumentException for an unknown kind, an unknown or repeated key, a bad number or a
     *     setting out of range
     */
    public static SourceSpec parse(String text) {
        return parse(text, SourceKinds.installed());
    }

    /** Parses a source specification of one of {@code kinds}. */
    public static SourceSpec parse(String text, SourceKinds kinds) {
        String trimmed = text.strip();
        SourceKind kind = kinds.named(trimmed);
        String settings;
        if (kind != null) {
            settings = trimmed.substring(Math.min(trimmed.length(), kind.name().length() + 1));
        } else if (PcapKind.isCaptureFile(trimmed)) {
            kind = kinds.named(PcapKind.NAME);
            settings = trimmed;
        } else {
            throw new IllegalArgumentException("source '" + text + "' is neither " + kinds.usages()
                + " nor a file ending in .pcap, .pcapng or .cap");
        }
        try {
            return new SourceSpec(trimmed, kind, kind.define(settings));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source '" + trimmed + "': " + e.getMessage(), e);
        }
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
        return factory.open();
    }

    /** The kind of source. */
    public SourceKind kind() {
        return kind;
    }

    /** What the source produces, in words. */
    public String describe() {
        return factory.describe();
    }

    /** The name an interface fed by this source goes by unless the user names it, if it has one (see {@link SourceFactory}). */
    public Optional<String> interfaceName() {
        return factory.interfaceName();
    }

    /** The specification as written, without surrounding blanks. */
    @Override
    public String toString() {
        return text;
    }

    /** An interface name and the source that feeds it. */
    public record Interface(String name, SourceSpec source) {
    }
}
