package io.zbuf.core.pcap.filter;

/** One token of a filter expression: its kind, its text and its 1-based column. */
record Token(Kind kind, String text, int column) {
    enum Kind {
        /** A word: keyword, number, address or name. */
        WORD,
        /** An operator or punctuation. */
        SYMBOL,
        /** The end of the expression. */
        END
    }

    boolean is(String word) {
        return kind != Kind.END && text.equals(word);
    }

    /** How an error names this token: the end of the expression reads as "end of expression". */
    String shown() {
        return kind == Kind.END ? "end of expression" : text;
    }
}
