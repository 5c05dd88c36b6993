package dev.speechload.core.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTests {

    private static final Pattern PATH = Pattern.compile("<path d=\"([^\"]*)\"");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    @Test
    void mapsKnownDataOntoThePlotCorners() {
        SvgChart chart = new SvgChart("t", Axis.linear("time", "s"), Axis.linear("rate", "/s"))
                .add(Series.line("rate", new double[] {0, 10}, new double[] {0, 100}, Palette.CURRENT));

        SvgChart.Layout layout = chart.layout();
        String svg = chart.render();

        assertThat(layout.x().domainMin()).isEqualTo(0);
        assertThat(layout.x().domainMax()).isEqualTo(10);
        assertThat(layout.y().domainMin()).isEqualTo(0);
        assertThat(layout.y().domainMax()).isEqualTo(100);
        List<double[]> points = pathPoints(svg).get(0);
        assertThat(points.get(0)).containsExactly(new double[] {SvgChart.LEFT, SvgChart.BOTTOM}, within(0.05));
        assertThat(points.get(1)).containsExactly(new double[] {SvgChart.RIGHT, layout.top()}, within(0.05));
    }

    @Test
    void drawsEveryPointInsideThePlotArea() {
        int n = 3600;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            ys[i] = 180 + 40 * Math.sin(i / 100.0) + (i % 97 == 0 ? 60 : 0);
        }
        SvgChart chart = new SvgChart("t", Axis.linear("time", "s"), Axis.linearFitted("RSS", "MiB"))
                .add(Series.line("RSS", xs, ys, Palette.CURRENT))
                .add(Series.step("other", xs, ys, Palette.SECOND))
                .reference(300, "baseline peak", Palette.BASELINE, true)
                .marker(600, "step 2")
                .band(0, 120, "warm-up");

        SvgChart.Layout layout = chart.layout();
        String svg = chart.render();

        List<List<double[]>> paths = pathPoints(svg);
        assertThat(paths).hasSize(2);
        for (List<double[]> path : paths) {
            assertThat(path.size()).as("drawn points after downsampling").isBetween(100, 2 * SvgChart.WIDTH);
            for (double[] p : path) {
                assertThat(p[0]).isBetween(SvgChart.LEFT - 0.05, SvgChart.RIGHT + 0.05);
                assertThat(p[1]).isBetween(layout.top() - 0.05, SvgChart.BOTTOM + 0.05);
            }
        }
        assertThat(layout.y().domainMax()).isGreaterThanOrEqualTo(300);
        assertThat(layout.y().domainMin()).isGreaterThan(0).isLessThanOrEqualTo(140);
        assertThat(svg)
                .contains("stroke-dasharray")
                .contains(">baseline peak</text>")
                .contains(">step 2</text>")
                .contains(">warm-up</text>")
                .contains(">time (s)</text>")
                .contains(">RSS (MiB)</text>");
    }

    @Test
    void putsNiceTicksOnBothAxes() {
        SvgChart chart = new SvgChart("t", Axis.linear("time", "s"), Axis.linear("rate", "/s"))
                .add(Series.line("rate", new double[] {0, 3599}, new double[] {3, 487}, Palette.CURRENT));

        SvgChart.Layout layout = chart.layout();

        assertThat(layout.yTicks()).containsExactly(0.0, 100.0, 200.0, 300.0, 400.0, 500.0);
        assertThat(layout.xTicks()).containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0, 3500.0, 4000.0);
        assertThat(chart.render())
                .contains(">rate (/s)</text>")
                .contains(">3500</text>")
                .contains(">500</text>");
    }

    @Test
    void drawsAnEmptyChartWithoutNaN() {
        SvgChart chart = new SvgChart("t", Axis.linear("time", "s"), Axis.linear("rate", "/s"))
                .add(Series.line("rate", new double[0], new double[0], Palette.CURRENT));

        String svg = chart.render();

        assertThat(chart.isEmpty()).isTrue();
        assertThat(svg)
                .contains(">no data</text>")
                .doesNotContain("NaN")
                .doesNotContain("Infinity")
                .doesNotContain("<path");
    }

    @Test
    void drawsASinglePointAsADotWithoutNaN() {
        SvgChart chart = new SvgChart("t", Axis.linear("time", "s"), Axis.linear("rate", "/s"))
                .add(Series.line("rate", new double[] {5}, new double[] {42}, Palette.CURRENT));

        String svg = chart.render();

        assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity").contains("<circle");
        Matcher circle =
                Pattern.compile("<circle cx=\"([^\"]+)\" cy=\"([^\"]+)\"").matcher(svg);
        assertThat(circle.find()).isTrue();
        assertThat(Double.parseDouble(circle.group(1))).isBetween((double) SvgChart.LEFT, (double) SvgChart.RIGHT);
        assertThat(Double.parseDouble(circle.group(2))).isBetween(chart.layout().top(), (double) SvgChart.BOTTOM);
    }

    @Test
    void skipsNonFinitePoints() {
        SvgChart chart = new SvgChart("t", Axis.linear("time", "s"), Axis.linear("rate", "/s"))
                .add(Series.line("rate", new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3}, Palette.CURRENT));

        String svg = chart.render();

        assertThat(svg).doesNotContain("NaN");
        assertThat(pathPoints(svg).get(0)).hasSize(2);
    }

    @Test
    void escapesEveryText() {
        String evil = "<script>alert(1)</script> & \"x\"";
        SvgChart chart = new SvgChart(evil, Axis.linear(evil, "s"), Axis.linear(evil, "ms"))
                .add(Series.line(evil, new double[] {0, 1}, new double[] {1, 2}, Palette.CURRENT))
                .add(Series.line("b", new double[] {0, 1}, new double[] {2, 1}, Palette.SECOND))
                .reference(1.5, evil, Palette.BASELINE, true)
                .marker(0.5, evil)
                .band(0, 0.2, evil);

        String svg = chart.render();

        assertThat(svg)
                .doesNotContain("<script")
                .doesNotContain("\"x\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    }

    @Test
    void drawsPercentileAxisTicksAtEachNine() {
        SvgChart chart = new SvgChart("t", Axis.percentile("percentile"), Axis.linear("latency", "ms"))
                .add(Series.line("this run", new double[] {0, 1, 2, 3.2}, new double[] {1, 2, 5, 40}, Palette.CURRENT));

        String svg = chart.render();

        assertThat(chart.layout().x().domainMax()).isEqualTo(4);
        assertThat(svg).contains(">50%</text>", ">90%</text>", ">99%</text>", ">99.9%</text>", ">99.99%</text>");
    }

    @Test
    void drawsBarsFromZero() {
        SvgChart chart = new SvgChart("t", Axis.linear("ttfe", "ms"), Axis.linear("share", "%"))
                .add(Series.bars(
                        "this run", new double[] {100, 110, 120}, new double[] {20, 50, 30}, 10, Palette.CURRENT));

        SvgChart.Layout layout = chart.layout();
        String svg = chart.render();

        assertThat(layout.y().domainMin()).isEqualTo(0);
        assertThat(layout.x().domainMax()).isGreaterThanOrEqualTo(130);
        Matcher bar = Pattern.compile("<rect x=\"[^\"]+\" y=\"([^\"]+)\" width=\"[^\"]+\" height=\"([^\"]+)\"/>")
                .matcher(svg.substring(svg.indexOf("<g fill")));
        int bars = 0;
        while (bar.find()) {
            double bottom = Double.parseDouble(bar.group(1)) + Double.parseDouble(bar.group(2));
            assertThat(bottom).isCloseTo(SvgChart.BOTTOM, within(0.11));
            bars++;
        }
        assertThat(bars).isEqualTo(3);
    }

    @Test
    void placesNumberedThingsOnAnIndexAxisWithHalfAStepOfRoomAtBothEnds() {
        double[] pairs = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] ratios = {1.12, 1.09, 1.15, 1.11, Double.NaN, 1.13, 1.08, 1.14};
        double[] leftOut = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1.02, Double.NaN, Double.NaN, Double.NaN};
        SvgChart chart = new SvgChart("t", Axis.index("pair"), Axis.linearFitted("ratio B/A", ""))
                .add(Series.dots("pairs kept", pairs, ratios, Palette.BUILD_B))
                .add(Series.openDots("pairs left out", pairs, leftOut, Palette.LEFT_OUT));

        SvgChart.Layout layout = chart.layout();
        String svg = chart.render();

        assertThat(layout.x().domainMin()).isEqualTo(0.5);
        assertThat(layout.x().domainMax()).isEqualTo(8.5);
        assertThat(layout.xTicks()).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(svg)
                .contains(">1</text>", ">8</text>", ">pairs kept</text>", ">pairs left out</text>")
                .doesNotContain(">0</text>", ">9</text>", "NaN");
        List<double[]> filled = circles(group(svg, "<g class=\"dots\""));
        List<double[]> hollow = circles(group(svg, "<g class=\"dots open\""));
        assertThat(filled).hasSize(7);
        assertThat(hollow).hasSize(1);
        assertThat(hollow.get(0)[0]).isCloseTo(layout.x().map(5), within(0.05));
        for (double[] dot : filled) {
            assertThat(dot[0]).isBetween(SvgChart.LEFT + 10.0, SvgChart.RIGHT - 10.0);
            assertThat(dot[1]).isBetween(layout.top(), (double) SvgChart.BOTTOM);
        }
    }

    @Test
    void shadesAYRangeInsideTheAxisAndNamesItInTheLegend() {
        SvgChart chart = new SvgChart("t", Axis.index("pair"), Axis.linearFitted("ratio B/A", ""))
                .add(Series.dots("pairs kept", new double[] {1, 2}, new double[] {1.05, 1.06}, Palette.BUILD_B))
                .range(0.98, 1.2, "95 % interval", Palette.BUILD_B)
                .reference(1, "no change", Palette.MARKER, true);

        SvgChart.Layout layout = chart.layout();
        String svg = chart.render();

        assertThat(layout.y().domainMin()).isLessThanOrEqualTo(0.98);
        assertThat(layout.y().domainMax()).isGreaterThanOrEqualTo(1.2);
        Matcher band = Pattern.compile("<rect x=\"62\" y=\"([^\"]+)\" width=\"[^\"]+\" height=\"([^\"]+)\" fill=\""
                        + Palette.BUILD_B + "\" fill-opacity=\"0.18\"/>")
                .matcher(svg);
        assertThat(band.find()).as("the shaded range in %s", svg).isTrue();
        assertThat(Double.parseDouble(band.group(1))).isCloseTo(layout.y().map(1.2), within(0.05));
        assertThat(Double.parseDouble(band.group(1)) + Double.parseDouble(band.group(2)))
                .isCloseTo(layout.y().map(0.98), within(0.11));
        assertThat(svg).contains(">95 % interval</text>", ">no change</text>");
    }

    /** The markup of the first group that starts with {@code opening}, up to its end. */
    private static String group(String svg, String opening) {
        int start = svg.indexOf(opening);
        assertThat(start).as("%s in %s", opening, svg).isNotNegative();
        return svg.substring(start, svg.indexOf("</g>", start));
    }

    private static List<double[]> circles(String markup) {
        List<double[]> found = new ArrayList<>();
        Matcher circle =
                Pattern.compile("<circle cx=\"([^\"]+)\" cy=\"([^\"]+)\"").matcher(markup);
        while (circle.find()) {
            found.add(new double[] {Double.parseDouble(circle.group(1)), Double.parseDouble(circle.group(2))});
        }
        return found;
    }

    /** The points of every {@code <path>}, in order. */
    static List<List<double[]>> pathPoints(String svg) {
        List<List<double[]>> paths = new ArrayList<>();
        Matcher path = PATH.matcher(svg);
        while (path.find()) {
            String d = path.group(1);
            List<double[]> points = new ArrayList<>();
            if (d.contains("V")) {
                // Step path: M x y (V y H x)*
                Matcher m = Pattern.compile("([MVH])\\s*(-?\\d+(?:\\.\\d+)?)(?:\\s+(-?\\d+(?:\\.\\d+)?))?")
                        .matcher(d);
                double x = 0;
                double y = 0;
                while (m.find()) {
                    switch (m.group(1)) {
                        case "M" -> {
                            x = Double.parseDouble(m.group(2));
                            y = Double.parseDouble(m.group(3));
                        }
                        case "V" -> y = Double.parseDouble(m.group(2));
                        default -> x = Double.parseDouble(m.group(2));
                    }
                    points.add(new double[] {x, y});
                }
            } else {
                Matcher m = NUMBER.matcher(d);
                List<Double> numbers = new ArrayList<>();
                while (m.find()) {
                    numbers.add(Double.parseDouble(m.group()));
                }
                for (int i = 0; i + 1 < numbers.size(); i += 2) {
                    points.add(new double[] {numbers.get(i), numbers.get(i + 1)});
                }
            }
            paths.add(points);
        }
        return paths;
    }
}
