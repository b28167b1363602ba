package io.zbuf.core.source;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a source specification, {@code key=value} pairs and bare flags separated by commas, each
 * known to the kind and given at most once: {@code size=64,rate=1000} or {@code eth0,promisc}. Keys are case
 * blind; values are trimmed. Mistakes are {@link IllegalArgumentException}s with one sentence naming them.
 */
public final class SourceSettings {
    private static final long KIBIBYTE = 1024;

    private final Map<String, String> values;

    private SourceSettings(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads {@code options}: each comma-separated item is {@code key=value} with a key of {@code keys}, or a
     * flag of {@code flags} on its own.
     */
    public static SourceSettings parse(String options, Set<String> keys, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String option : options.isEmpty() ? new String[0] : options.split(",", -1)) {
            String[] pair = option.split("=", 2);
            String key = pair[0].strip().toLowerCase(Locale.ROOT);
            boolean known = pair.length == 2 ? keys.contains(key) : flags.contains(key);
            if (!known) {
                throw new IllegalArgumentException("'" + option + "' is not one of " + choices(keys, flags));
            }
            if (values.put(key, pair.length == 2 ? pair[1].strip() : "") != null) {
                throw new IllegalArgumentException(key + " is given twice");
            }
        }
        return new SourceSettings(values);
    }

    /** Reads {@code options} of {@code key=value} pairs only. */
    public static SourceSettings parse(String options, Set<String> keys) {
        return parse(options, keys, Set.of());
    }

    /** Whether the key or flag was given. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}, or {@code absent}. */
    public String text(String key, String absent) {
        return values.getOrDefault(key, absent);
    }

    /** The value of {@code key} as a whole number from 0 to {@link Integer#MAX_VALUE}, or {@code absent}. */
    public int intValue(String key, int absent) {
        String value = values.get(key);
        return value == null ? absent : (int) number(key, value, Integer.MAX_VALUE);
    }

    /** The value of {@code key} as a whole number from 0 to {@link Long#MAX_VALUE}, or {@code absent}. */
    public long longValue(String key, long absent) {
        String value = values.get(key);
        return value == null ? absent : number(key, value, Long.MAX_VALUE);
    }

    /** The value of {@code key} as a list of whole numbers from 0 to {@link Integer#MAX_VALUE} separated by '/'. */
    public int[] intList(String key) {
        String[] parts = values.get(key).split("/", -1);
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = (int) number(key, parts[i], Integer.MAX_VALUE);
        }
        return numbers;
    }

    /**
     * The value of {@code key} as a byte count, bytes or with a suffix {@code k} or {@code m} (KiB, MiB), from 1
     * to {@link Integer#MAX_VALUE}; or {@code absent}.
     */
    public int byteCount(String key, int absent) {
        String value = values.get(key);
        if (value == null) {
            return absent;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        long scale = lower.endsWith("k") ? KIBIBYTE : lower.endsWith("m") ? KIBIBYTE * KIBIBYTE : 1;
        String digits = scale == 1 ? lower : lower.substring(0, lower.length() - 1);
        try {
            long bytes = Long.parseLong(digits) * scale;
            if (bytes > 0 && bytes <= Integer.MAX_VALUE) {
                return (int) bytes;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new IllegalArgumentException(key + "=" + value + " is not a size from 1 byte to 2 GiB (such as 65536, 256k, 4m)");
    }

    /** The keys and flags, sorted, as a list a message can give. */
    private static String choices(Set<String> keys, Set<String> flags) {
        Set<String> sorted = new TreeSet<>(flags);
        keys.forEach(key -> sorted.add(key + "=..."));
        return String.join(", ", sorted);
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
}
