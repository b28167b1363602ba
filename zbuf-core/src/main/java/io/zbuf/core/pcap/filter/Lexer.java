package io.zbuf.core.pcap.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter expression into tokens as libpcap's scanner does: words (keywords, numbers, IPv4 and
 * IPv6 addresses, MAC addresses, names with dashes such as {@code tcp-syn}) and operators.
 */
final class Lexer {
    private static final String[] SYMBOLS = {"&&", "||", "<<", ">>", "==", "!=", "<=", ">=",
        "(", ")", "[", "]", ":", "+", "-", "*", "/", "%", "&", "|", "^", "=", "<", ">", "!", "\\"};

    private Lexer() {
    }

    static List<Token> tokens(String expression) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (wordStart(c)) {
                int end = wordEnd(expression, i, true);
                String colonWord = expression.substring(i, end);
                if (colonWord.indexOf(':') >= 0 && !Addresses.isMac(colonWord) && Addresses.ipv6(colonWord) == null) {
                    end = wordEnd(expression, i, false);
                }
                tokens.add(new Token(Token.Kind.WORD, expression.substring(i, end), i + 1));
                i = end;
            } else if (c == ':' && i + 1 < length && expression.charAt(i + 1) == ':') {
                int end = wordEnd(expression, i, true);
                tokens.add(new Token(Token.Kind.WORD, expression.substring(i, end), i + 1));
                i = end;
            } else {
                String symbol = symbolAt(expression, i);
                if (symbol == null) {
                    throw new FilterSyntaxException("unexpected character", i + 1, String.valueOf(c));
                }
                tokens.add(new Token(Token.Kind.SYMBOL, symbol, i + 1));
                i += symbol.length();
            }
        }
        tokens.add(new Token(Token.Kind.END, "", length + 1));
        return tokens;
    }

    private static boolean wordStart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** The end of the word at {@code start}: letters, digits, '_', '.', '-' (not last) and, if allowed, ':'. */
    private static int wordEnd(String expression, int start, boolean colons) {
        int end = start;
        while (end < expression.length()) {
            char c = expression.charAt(end);
            if (wordStart(c) || c == '.' || colons && c == ':') {
                end++;
            } else if (c == '-' && end + 1 < expression.length() && wordStart(expression.charAt(end + 1))) {
                end++;
            } else {
                break;
            }
        }
        return end;
    }

    private static String symbolAt(String expression, int i) {
        for (String symbol : SYMBOLS) {
            if (expression.startsWith(symbol, i)) {
                return symbol;
            }
        }
        return null;
    }
}
