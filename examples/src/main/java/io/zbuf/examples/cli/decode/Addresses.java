package io.zbuf.examples.cli.decode;

import java.nio.ByteBuffer;

/** Appends addresses as tcpdump {@code -nn} prints them, reading with absolute gets only, allocating nothing. */
final class Addresses {
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    private static final int IPV6_WORDS = 8;
    private static final int EMBEDDED_IPV4_WORD = 6;

    private Addresses() {
    }

    /** Dotted quad of the 4 bytes at {@code offset}. */
    static void ipv4(StringBuilder out, ByteBuffer packet, int offset) {
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(NetworkBytes.u8(packet, offset + i));
        }
    }

    /**
     * The 16 bytes at {@code offset} as tcpdump's {@code addrtostr6} writes them: lower-case hex words, the
     * first longest run of two or more zero words as {@code ::}, IPv4-mapped and -compatible addresses with
     * a dotted quad at the end.
     */
    static void ipv6(StringBuilder out, ByteBuffer packet, int offset) {
        int bestBase = -1;
        int bestLength = 0;
        int runBase = -1;
        for (int i = 0; i < IPV6_WORDS; i++) {
            if (word(packet, offset, i) == 0) {
                if (runBase < 0) {
                    runBase = i;
                }
                if (i - runBase + 1 > bestLength) {
                    bestBase = runBase;
                    bestLength = i - runBase + 1;
                }
            } else {
                runBase = -1;
            }
        }
        if (bestLength < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < IPV6_WORDS; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i > 0) {
                out.append(':');
            }
            if (i == EMBEDDED_IPV4_WORD && bestBase == 0
                    && (bestLength == 6 || bestLength == 5 && word(packet, offset, 5) == 0xffff)) {
                ipv4(out, packet, offset + 2 * EMBEDDED_IPV4_WORD);
                return;
            }
            hex(out, word(packet, offset, i));
        }
        if (bestBase >= 0 && bestBase + bestLength == IPV6_WORDS) {
            out.append(':');
        }
    }

    /** The 6 bytes at {@code offset} as {@code 02:00:00:00:00:01}. */
    static void mac(StringBuilder out, ByteBuffer packet, int offset) {
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(':');
            }
            int octet = NetworkBytes.u8(packet, offset + i);
            out.append(HEX_DIGITS[octet >>> 4]).append(HEX_DIGITS[octet & 0xf]);
        }
    }

    /** {@code value} in lower-case hex without leading zeros, at least {@code minDigits} digits. */
    static void hex(StringBuilder out, int value, int minDigits) {
        int digits = Math.max(minDigits, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX_DIGITS[value >>> shift & 0xf]);
        }
    }

    private static void hex(StringBuilder out, int value) {
        hex(out, value, 1);
    }

    private static int word(ByteBuffer packet, int offset, int index) {
        return NetworkBytes.u16(packet, offset + 2 * index);
    }
}
