package dev.speechload.core.report.internal;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.history.ChangePoint;
import dev.speechload.core.history.Figures;
import dev.speechload.core.history.TrendPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTML of the trend pages: {@code trends.html} (every test, linked) and one page per test with a chart
 * per watched figure over its runs (x: run number in time order), its change points marked and listed with
 * links to their commits, and the baseline's value drawn. Stateless.
 */
public final class TrendPage {

    private TrendPage() {}

    /** One test's line in the overview. */
    public record TestRow(String name, String href, int runs, String latest, String changes) {}

    /** One figure of a test: its trend and change points. */
    public record Figure(String metric, List<TrendPoint> points, List<ChangePoint> changes) {}

    /** The overview page. */
    public static String overview(String store, int runs, List<TestRow> tests) {
        return Templates.render(
                "trends.html.mustache",
                new Scope(
                        "speechload trends",
                        null,
                        store,
                        runs + (runs == 1 ? " run" : " runs") + " of " + tests.size()
                                + (tests.size() == 1 ? " test" : " tests"),
                        tests,
                        List.of()));
    }

    /**
     * One test's page.
     *
     * @param commitUrl prefix a commit id is appended to for its link (e.g. {@code https://github.com/o/r/commit/}),
     *                  or null to name commits without links
     */
    public static String test(
            String testName,
            String store,
            int runs,
            List<Figure> figures,
            Optional<Baseline> baseline,
            String commitUrl) {
        List<ChartScope> charts = new ArrayList<>();
        for (Figure f : figures) {
            charts.add(chart(testName, f, baseline.flatMap(b -> baselineValue(b, f.metric())), commitUrl));
        }
        return Templates.render(
                "trends.html.mustache",
                new Scope(
                        testName + " trends",
                        testName,
                        store,
                        runs + (runs == 1 ? " run" : " runs"),
                        List.of(),
                        charts));
    }

    private static ChartScope chart(String testName, Figure f, Optional<Double> baseline, String commitUrl) {
        String unit = Figures.unit(f.metric());
        List<TrendPoint> points = f.points();
        List<double[]> used = new ArrayList<>();
        List<double[]> unused = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] xy = {i + 1, Figures.inUnit(f.metric(), points.get(i).value())};
            (points.get(i).usable() ? used : unused).add(xy);
        }
        SvgChart chart = new SvgChart(
                testName + " " + f.metric() + " over runs", Axis.index("run"), Axis.linear(f.metric(), unit));
        chart.add(Series.line(f.metric(), xs(used), ys(used), Palette.CURRENT));
        chart.add(Series.dots("", xs(used), ys(used), Palette.CURRENT));
        if (!unused.isEmpty()) {
            chart.add(Series.openDots("COMPROMISED (not used)", xs(unused), ys(unused), Palette.LEFT_OUT));
        }
        baseline.ifPresent(v -> chart.reference(Figures.inUnit(f.metric(), v), "baseline", Palette.BASELINE, true)
                .extendY(Figures.inUnit(f.metric(), v)));
        List<ChangeScope> changes = new ArrayList<>();
        for (ChangePoint c : f.changes()) {
            int index = indexOf(points, c.runId());
            String commit = c.gitCommit() == null ? "unknown commit" : shortCommit(c.gitCommit());
            chart.marker(index + 1, commit);
            changes.add(new ChangeScope(
                    commit,
                    commitUrl == null || c.gitCommit() == null ? null : commitUrl + c.gitCommit(),
                    Figures.percent(c.shiftRatio()) + " (" + Figures.format(c.metric(), c.meanBefore()) + " → "
                            + Figures.format(c.metric(), c.meanAfter()) + ") from run " + (index + 1)
                            + String.format(Locale.ROOT, ", confidence %.1f %%", 100 * c.confidence())));
        }
        return new ChartScope(
                f.metric().replaceAll("[^A-Za-z0-9]+", "-"),
                f.metric() + (unit.isEmpty() ? "" : " (" + unit + ")"),
                chart.render(),
                changes);
    }

    /** The baseline's value of a figure, in base units, where the baseline keeps it. */
    static Optional<Double> baselineValue(Baseline b, String metric) {
        if (metric.equals("throughput")) {
            return Optional.ofNullable(b.throughput()).map(t -> t.aggregatePerSecond());
        }
        if (metric.equals("errors.ratio")) {
            return Optional.ofNullable(b.errors()).map(e -> e.errorRatio());
        }
        if (metric.equals("memory.growth")) {
            return Optional.ofNullable(b.memory()).map(m -> (double) m.growthBytes());
        }
        if (metric.startsWith("latency.") && b.latencies() != null) {
            int dot = metric.lastIndexOf('.');
            Baseline.Latency l = b.latencies().get(metric.substring("latency.".length(), dot));
            if (l == null) {
                return Optional.empty();
            }
            return switch (metric.substring(dot + 1)) {
                case "p50" -> Optional.of((double) l.p50Nanos());
                case "p95" -> Optional.of((double) l.p95Nanos());
                case "p99" -> Optional.of((double) l.p99Nanos());
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static int indexOf(List<TrendPoint> points, long runId) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).runId() == runId) {
                return i;
            }
        }
        throw new IllegalArgumentException("change point at run " + runId + " is not in the trend");
    }

    static String shortCommit(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    private static double[] xs(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[0]).toArray();
    }

    private static double[] ys(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).toArray();
    }

    /** What the template reads. */
    record Scope(String title, String test, String store, String runs, List<TestRow> tests, List<ChartScope> charts) {
        public boolean hasTests() {
            return !tests.isEmpty();
        }
    }

    record ChartScope(String id, String heading, String svg, List<ChangeScope> changes) {
        public boolean hasChanges() {
            return !changes.isEmpty();
        }
    }

    record ChangeScope(String commit, String href, String text) {}
}
