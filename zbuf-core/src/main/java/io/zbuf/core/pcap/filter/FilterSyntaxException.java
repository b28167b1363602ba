package io.zbuf.core.pcap.filter;

/**
 * A filter expression that does not compile: the reason, and where it is ({@link #column()}, 1-based, and the
 * {@link #token()} there), e.g. {@code expected a port number after 'port' at column 10: 'http2'}.
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@link #column()} of an error about the whole expression rather than one token. */
    public static final int WHOLE_EXPRESSION = 0;

    private final int column;
    private final String token;

    FilterSyntaxException(String reason, int column, String token) {
        super(column == WHOLE_EXPRESSION ? reason : reason + " at column " + column + ": '" + token + "'");
        this.column = column;
        this.token = token;
    }

    /** The 1-based column of the offending token, or {@link #WHOLE_EXPRESSION}. */
    public int column() {
        return column;
    }

    /** The offending token ("" at the end of the expression or for the whole expression). */
    public String token() {
        return token;
    }
}
