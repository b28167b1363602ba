package io.zbuf.core.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run of spin's verifier {@code pan} reported, read from its output.
 *
 * @param output      everything pan printed
 * @param errors      its {@code errors:} count
 * @param states      states stored
 * @param transitions transitions taken
 * @param depth       the deepest state reached
 * @param seconds     pan's elapsed time
 * @param firstError  the first error, as in {@code pan:1: acceptance cycle (at depth 791)}: "acceptance cycle",
 *                    "assertion violated ...", "invalid end state"; empty if none
 * @param complete    whether the search covered the whole state space: no error stopped it and the depth limit
 *                    was never hit
 * @param trail       whether pan wrote a trail file
 */
record PanResult(String output, int errors, long states, long transitions, int depth, double seconds,
                 Optional<String> firstError, boolean complete, boolean trail) {
    private static final Pattern ERRORS = Pattern.compile("errors: (\\d+)");
    private static final Pattern STATES = Pattern.compile("(\\d+) states, stored");
    private static final Pattern TRANSITIONS = Pattern.compile("(\\d+) transitions");
    private static final Pattern DEPTH = Pattern.compile("depth reached (\\d+)");
    private static final Pattern SECONDS = Pattern.compile("pan: elapsed time ([0-9.e+-]+) seconds");
    private static final Pattern FIRST_ERROR = Pattern.compile("(?m)^pan:1: (.+?) \\(at depth \\d+\\)$");

    /**
     * Reads pan's report.
     *
     * @throws AssertionError if the output lacks a field every completed run prints (pan failed to run)
     */
    static PanResult parse(String output, boolean trail) {
        Optional<String> firstError = find(FIRST_ERROR, output);
        boolean complete = !output.contains("Search not completed") && !output.contains("max search depth too small");
        return new PanResult(output, Integer.parseInt(required(ERRORS, output)), Long.parseLong(required(STATES, output)),
                Long.parseLong(required(TRANSITIONS, output)), Integer.parseInt(required(DEPTH, output)),
                Double.parseDouble(required(SECONDS, output)), firstError, complete, trail);
    }

    /** One line for the build log: states, transitions, depth, time, outcome. */
    String summary() {
        return states + " states, " + transitions + " transitions, depth " + depth + ", " + seconds + " s, "
                + errors + " errors" + firstError.map(error -> " (" + error + ")").orElse("");
    }

    private static String required(Pattern pattern, String output) {
        return find(pattern, output).orElseThrow(() -> new AssertionError("pan printed no '" + pattern.pattern() + "':\n" + output));
    }

    private static Optional<String> find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
