package io.zbuf.examples.bench;

import io.zbuf.spi.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchChartTest {
    private static final List<TransportKind> DRAWN = List.of(TransportKind.ZBUF_SIM, TransportKind.AERON_IPC, TransportKind.AGRONA_RING_2P);

    @TempDir
    Path dir;

    /** Every drawn transport at 64 and 1500 bytes, at made-up rates; ZBUF_SHM's row failed. */
    private static List<Measurement> measurements() {
        List<Measurement> rows = new ArrayList<>();
        long nanos = 1_000_000;
        for (TransportKind kind : DRAWN) {
            for (int size : new int[] {1500, 64}) {
                nanos += 100_000;
                rows.add(Measurement.of(kind, size, List.of(new RunResult(1000, 1000, 0, 1000, nanos, -1, -1, null))));
            }
        }
        rows.add(Measurement.failed(TransportKind.ZBUF_SHM, 64, "no daemon"));
        return rows;
    }

    private static Benchmark benchmark() {
        return new Benchmark(List.of(TransportKind.values()), List.of(64, 1500), 1000, 0, 1, TimestampType.DEFAULT);
    }

    @Test
    void anSvgIsWellFormedAndNamesEveryTransportWithANumberButNotAFailedOne() throws Exception {
        Path file = dir.resolve("bench.svg");
        BenchChart.write(file, benchmark(), measurements());

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = factory.newDocumentBuilder().parse(file.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("path").getLength()).as("XChart drew something").isPositive();
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).startsWith("zbuf bench: 1,000 messages per run");
        String desc = svg.getElementsByTagName("desc").item(0).getTextContent();
        for (TransportKind kind : DRAWN) {
            assertThat(desc).contains(kind.title() + ": 64 bytes ");
        }
        assertThat(desc).doesNotContain(TransportKind.ZBUF_SHM.title());
    }

    @Test
    void aPngIsAnImageOfTheChartsSize() throws Exception {
        Path file = dir.resolve("bench.PNG");
        BenchChart.write(file, benchmark(), measurements());

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(540);
    }

    @Test
    void eachLineIsOneTransportsRowsBySize() {
        var lines = BenchChart.byTransport(BenchChart.points(measurements()));
        assertThat(lines.keySet()).containsExactly(DRAWN.stream().map(TransportKind::title).toArray(String[]::new));
        lines.values().forEach(rows -> assertThat(rows).extracting(BenchChart.Point::size).containsExactly(64, 1500));
        var chart = BenchChart.chart("t", BenchChart.points(measurements()));
        assertThat(chart.getSeriesMap().keySet()).containsExactly(DRAWN.stream().map(TransportKind::title).toArray(String[]::new));
        assertThat(chart.getSeriesMap().get(TransportKind.ZBUF_SIM.title()).getYData()[0])
                .isEqualTo(measurements().get(1).median() / 1e6);
    }

    @Test
    void theDescriptionHasEachTransportsRateAtEachSize() {
        List<Measurement> rows = List.of(
                Measurement.of(TransportKind.ZBUF_SIM, 1500, List.of(new RunResult(10, 10, 0, 10, 2_000, -1, -1, null))),
                Measurement.of(TransportKind.ZBUF_SIM, 64, List.of(new RunResult(10, 10, 0, 10, 1_000, -1, -1, null))));
        assertThat(BenchChart.describe(BenchChart.points(rows))).isEqualTo(TransportKind.ZBUF_SIM.title() + ": 64 bytes 10.00M/s; 1500 bytes 5.00M/s\n");
    }

    @Test
    void theFormatIsTheExtensionsInAnyCaseAndNothingElse() {
        assertThat(BenchChart.Format.of(Path.of("a/b.SVG"))).isEqualTo(BenchChart.Format.SVG);
        assertThat(BenchChart.Format.of(Path.of("b.png"))).isEqualTo(BenchChart.Format.PNG);
        assertThatThrownBy(() -> BenchChart.Format.of(Path.of("b.pdf"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot tell the chart's format from b.pdf: name it .svg or .png");
    }
}
