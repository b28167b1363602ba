package io.zbuf.core.source;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The kinds of packet source a specification can name: the built-in {@code synthetic} and {@code pcap}, then
 * those {@link ServiceLoader} finds (by default) or those given, in that order. Immutable.
 */
public final class SourceKinds {
    private final List<SourceKind> kinds;

    /** The built-in kinds and {@code extra}. */
    public SourceKinds(Iterable<? extends SourceKind> extra) {
        List<SourceKind> all = new ArrayList<>(List.of(new SyntheticKind(), new PcapKind()));
        for (SourceKind kind : extra) {
            for (SourceKind known : all) {
                if (known.name().equals(kind.name())) {
                    throw new IllegalStateException("two source kinds are named " + kind.name() + ": "
                        + known.getClass().getName() + " and " + kind.getClass().getName());
                }
            }
            all.add(kind);
        }
        this.kinds = List.copyOf(all);
    }

    /** The built-in kinds and those installed on the class path, found once. */
    public static SourceKinds installed() {
        return Installed.KINDS;
    }

    /** Every kind, available here or not, the built-in ones first. */
    public List<SourceKind> all() {
        return kinds;
    }

    /**
     * The kind a specification names: {@code name} alone or {@code name:settings}; {@code null} if none does.
     */
    SourceKind named(String specification) {
        for (SourceKind kind : kinds) {
            String name = kind.name();
            if (specification.equals(name) || specification.startsWith(name + ":")) {
                return kind;
            }
        }
        return null;
    }

    /** The usages of every kind, quoted, joined with "nor": for the message about a specification none of them reads. */
    String usages() {
        StringBuilder text = new StringBuilder();
        for (SourceKind kind : kinds) {
            text.append(text.length() == 0 ? "'" : " nor '").append(kind.usage()).append('\'');
        }
        return text.toString();
    }

    /** Lazy holder: the class path is searched on first use. */
    private static final class Installed {
        static final SourceKinds KINDS = new SourceKinds(ServiceLoader.load(SourceKind.class));
    }
}
