package io.zbuf.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The points of a table {@link BenchTable} printed and someone saved: {@code zbuf bench --from FILE --plot FILE.svg}
 * draws a run made earlier, on a quiet machine, as it was measured.
 *
 * @param title  the table's first line, which says how the run was made
 * @param points every row with a number (failed rows have none)
 */
public record SavedBenchTable(String title, List<BenchChart.Point> points) {
    private static final String HEADER = "zbuf bench: ";
    /** After a transport's title: bytes, then the median as {@code 12.97M}. */
    private static final Pattern ROW = Pattern.compile("\\s+(\\d+)\\s+(\\d+\\.\\d+)M \\[.*");

    /**
     * Reads the first table of a saved {@code zbuf bench} output (a file of several runs: the first run's); progress
     * lines and anything else around the table are passed over.
     *
     * @throws IllegalArgumentException if no line is the table's header or no row has a number
     */
    public static SavedBenchTable parse(List<String> lines) {
        String title = null;
        List<BenchChart.Point> points = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(HEADER) && line.contains(" messages per run")) {
                if (title != null) {
                    break;
                }
                title = line.substring(0, line.indexOf(';') < 0 ? line.length() : line.indexOf(';'));
                continue;
            }
            for (TransportKind kind : TransportKind.values()) {
                if (line.startsWith(kind.title())) {
                    Matcher row = ROW.matcher(line.substring(kind.title().length()));
                    if (row.matches()) {
                        points.add(new BenchChart.Point(kind.title(), Integer.parseInt(row.group(1)), Double.parseDouble(row.group(2)) * 1e6));
                    }
                }
            }
        }
        if (title == null || points.isEmpty()) {
            throw new IllegalArgumentException("not the output of zbuf bench: " + (title == null ? "no header line" : "no row with a number"));
        }
        return new SavedBenchTable(title, List.copyOf(points));
    }
}
