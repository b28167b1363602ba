package io.zbuf.core.source;

import java.util.Set;

/** {@code synthetic[:key=value,...]}: generated UDP frames, see {@link SyntheticSource}. */
final class SyntheticKind implements SourceKind {
    static final String NAME = "synthetic";
    private static final Set<String> KEYS = Set.of("size", "sizes", "min", "max", "seed", "count", "rate", "fragments");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String usage() {
        return "synthetic[:key=value,...]";
    }

    @Override
    public String description() {
        return "generated Ethernet/IPv4/UDP frames with sequence numbers: size(s), count, rate, fragments";
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public SourceFactory define(String options) {
        SourceSettings settings = SourceSettings.parse(options, KEYS);
        SyntheticSource.Builder builder = SyntheticSource.builder();
        boolean range = settings.has("min") || settings.has("max");
        int ways = (settings.has("size") ? 1 : 0) + (settings.has("sizes") ? 1 : 0) + (range ? 1 : 0);
        if (ways > 1) {
            throw new IllegalArgumentException("choose one of size, sizes or min/max");
        }
        if (range) {
            builder.randomFrameSizes(settings.intValue("min", -1), settings.intValue("max", -1), settings.longValue("seed", 1));
        } else if (settings.has("seed")) {
            throw new IllegalArgumentException("seed only applies to random sizes (min and max)");
        }
        if (settings.has("size")) {
            builder.frameSize(settings.intValue("size", 0));
        }
        if (settings.has("sizes")) {
            builder.frameSizes(settings.intList("sizes"));
        }
        if (settings.has("count")) {
            builder.count(settings.longValue("count", 0));
        }
        builder.packetsPerSecond(settings.longValue("rate", 0)).fragments(settings.intValue("fragments", 1));
        builder.build();
        String description = builder.toString();
        return new SourceFactory() {
            @Override
            public PacketSource open() {
                return builder.build();
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
