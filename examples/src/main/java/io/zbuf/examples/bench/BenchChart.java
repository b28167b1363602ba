package io.zbuf.examples.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chart of a run: median messages/s (millions) by message size, one line per transport, drawn with XChart
 * without a display. Failed rows are left out, as the table prints no number for them. An SVG also carries the
 * numbers as text ({@code <title>} and {@code <desc>}).
 */
public final class BenchChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final double MILLION = 1e6;

    /** The formats a chart is written in, told by the file's extension. */
    public enum Format {
        SVG, PNG;

        /**
         * The format of {@code file}: {@code .svg} or {@code .png}, in any case.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".svg")) {
                return SVG;
            }
            if (name.endsWith(".png")) {
                return PNG;
            }
            throw new IllegalArgumentException("cannot tell the chart's format from " + file + ": name it .svg or .png");
        }
    }

    private BenchChart() {
    }

    /** One point of the chart: a transport's median rate at one message size. */
    public record Point(String transport, int size, double messagesPerSecond) {
    }

    /** Writes the chart of the run's {@code measurements} to {@code file}, in the format its extension names. */
    public static void write(Path file, Benchmark benchmark, List<Measurement> measurements) throws IOException {
        write(file, String.format(Locale.ROOT, "zbuf bench: %,d messages per run, median of %d; zbuf stamps records %s",
                benchmark.count(), benchmark.runs(), BenchTable.describe(benchmark.zbufTimestamps())), points(measurements));
    }

    /** Writes the chart of {@code points} to {@code file}, in the format its extension names. */
    public static void write(Path file, String title, List<Point> points) throws IOException {
        Format format = Format.of(file);
        // no display, and nothing AWT would print about one
        System.setProperty("java.awt.headless", "true");
        XYChart chart = chart(title, points);
        if (format == Format.PNG) {
            try (OutputStream out = Files.newOutputStream(file)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            return;
        }
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        try (OutputStream out = Files.newOutputStream(file)) {
            withText(svg.toByteArray(), title, describe(points), out);
        }
    }

    /** The rows with a number, in the order of the run. */
    static List<Point> points(List<Measurement> measurements) {
        List<Point> points = new ArrayList<>();
        for (Measurement row : measurements) {
            if (row.ok() && !Double.isNaN(row.median())) {
                points.add(new Point(row.kind().title(), row.size(), row.median()));
            }
        }
        return points;
    }

    static XYChart chart(String title, List<Point> points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("message size (bytes)").yAxisTitle("messages/s (millions, median)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#");
        for (Map.Entry<String, List<Point>> line : byTransport(points).entrySet()) {
            List<Point> rows = line.getValue();
            double[] sizes = new double[rows.size()];
            double[] rates = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                sizes[i] = rows.get(i).size();
                rates[i] = rows.get(i).messagesPerSecond() / MILLION;
            }
            chart.addSeries(line.getKey(), sizes, rates);
        }
        return chart;
    }

    /** The points per transport in the order they first appear, each transport's by size. */
    static Map<String, List<Point>> byTransport(List<Point> points) {
        Map<String, List<Point>> lines = new LinkedHashMap<>();
        for (Point point : points) {
            lines.computeIfAbsent(point.transport(), transport -> new ArrayList<>()).add(point);
        }
        lines.values().forEach(rows -> rows.sort((a, b) -> Integer.compare(a.size(), b.size())));
        return lines;
    }

    /** One line per transport: its median rate at each size, for readers that cannot see the picture. */
    static String describe(List<Point> points) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<Point>> line : byTransport(points).entrySet()) {
            text.append(line.getKey()).append(':');
            for (Point point : line.getValue()) {
                text.append(String.format(Locale.ROOT, " %d bytes %.2fM/s;", point.size(), point.messagesPerSecond() / MILLION));
            }
            text.setCharAt(text.length() - 1, '\n');
        }
        return text.toString();
    }

    /**
     * XChart draws every letter as a path; this adds the chart's words as SVG's {@code <title>} and {@code <desc>},
     * which screen readers, search and {@code grep} read.
     */
    private static void withText(byte[] svg, String title, String description, OutputStream out) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
            Element root = document.getDocumentElement();
            Element desc = document.createElement("desc");
            desc.setTextContent(description);
            root.insertBefore(desc, root.getFirstChild());
            Element heading = document.createElement("title");
            heading.setTextContent(title);
            root.insertBefore(heading, desc);
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
        } catch (ParserConfigurationException | SAXException | TransformerException e) {
            throw new IOException("XChart's SVG could not be read back: " + e.getMessage(), e);
        }
    }
}
