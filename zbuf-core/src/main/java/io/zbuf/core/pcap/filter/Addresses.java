package io.zbuf.core.pcap.filter;

/** Parses the address forms of filter expressions: IPv4 (whole or leading octets), IPv6 and MAC. */
final class Addresses {
    private static final int IPV6_GROUPS = 8;

    private Addresses() {
    }

    /** An IPv4 address of 1 to 4 decimal octets, as {@code {value, octets}}; null if not one. */
    static long[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            value = value << 8 | octet;
        }
        return new long[] {value << 8 * (4 - parts.length), parts.length};
    }

    /** An IPv6 address as four big-endian words; null if {@code text} is not one. */
    static int[] ipv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        int[] groups = new int[IPV6_GROUPS];
        if (doubleColon < 0) {
            return fill(text, groups, 0, IPV6_GROUPS) == IPV6_GROUPS ? words(groups) : null;
        }
        int[] tail = new int[IPV6_GROUPS];
        String head = text.substring(0, doubleColon);
        String rest = text.substring(doubleColon + 2);
        int headCount = head.isEmpty() ? 0 : fill(head, groups, 0, IPV6_GROUPS - 1);
        int tailCount = rest.isEmpty() ? 0 : fill(rest, tail, 0, IPV6_GROUPS - 1);
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > IPV6_GROUPS - 1) {
            return null;
        }
        System.arraycopy(tail, 0, groups, IPV6_GROUPS - tailCount, tailCount);
        return words(groups);
    }

    /** Parses colon-separated groups (the last may be dotted IPv4) into {@code groups}; their count or -1. */
    private static int fill(String text, int[] groups, int from, int max) {
        String[] parts = text.split(":", -1);
        int count = from;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                long[] v4 = ipv4(part);
                if (v4 == null || v4[1] != 4 || count + 2 > max) {
                    return -1;
                }
                groups[count++] = (int) (v4[0] >>> 16);
                groups[count++] = (int) (v4[0] & 0xffff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || count >= max || !hex(part)) {
                return -1;
            }
            groups[count++] = Integer.parseInt(part, 16);
        }
        return count;
    }

    private static int[] words(int[] groups) {
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) {
            words[i] = groups[2 * i] << 16 | groups[2 * i + 1];
        }
        return words;
    }

    /** Whether {@code text} is a MAC address: six groups of one or two hex digits split by ':', '-' or '.'. */
    static boolean isMac(String text) {
        return mac(text) != null;
    }

    /** A MAC address ({@code xx:xx:xx:xx:xx:xx}, also with '-' or '.', or {@code xxxx.xxxx.xxxx}); null if not one. */
    static byte[] mac(String text) {
        String[] parts = text.split("[:.-]", -1);
        byte[] mac = new byte[6];
        if (parts.length == 6) {
            for (int i = 0; i < 6; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 2 || !hex(parts[i])) {
                    return null;
                }
                mac[i] = (byte) Integer.parseInt(parts[i], 16);
            }
            return mac;
        }
        if (parts.length == 3 && text.indexOf('.') > 0 && text.indexOf(':') < 0) {
            for (int i = 0; i < 3; i++) {
                if (parts[i].length() != 4 || !hex(parts[i])) {
                    return null;
                }
                int group = Integer.parseInt(parts[i], 16);
                mac[2 * i] = (byte) (group >> 8);
                mac[2 * i + 1] = (byte) group;
            }
            return mac;
        }
        return null;
    }

    private static boolean hex(String text) {
        return text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
