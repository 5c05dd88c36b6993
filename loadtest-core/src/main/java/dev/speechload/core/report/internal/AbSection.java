package dev.speechload.core.report.internal;

import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.stats.internal.PairHealth;
import java.util.ArrayList;
import java.util.List;

/**
 * The A/B section of a test page (the Mustache scope of its {@code {{#ab}}} block): which builds
 * were compared and how, the paired change of every judged metric, a table of the pairs with each
 * trial's health and values, and the charts (paired ratios, both builds' latency spectra overlaid,
 * throughput side by side). Texts are plain (the template escapes them) except the charts' SVG.
 * Immutable.
 *
 * @param facts    A and B, mode, pairs, order and seed
 * @param changes  every judged metric's paired change, in verdict order
 * @param columns  the judged metrics, one group of columns each in the table of pairs
 * @param pairs    one row per pair
 * @param charts   the ratio of every judged metric, then the overlaid spectra, then throughput
 */
public record AbSection(
        List<TestPage.Fact> facts,
        List<PairedChange> changes,
        List<String> columns,
        List<PairRow> pairs,
        List<ChartView> charts) {

    /**
     * One pair of trials.
     *
     * @param healthA the health of A's trial
     * @param healthB the health of B's trial
     * @param cells   one per judged metric, in {@link #columns()} order
     */
    public record PairRow(String pair, String order, HealthView healthA, HealthView healthB, List<PairCell> cells) {}

    /**
     * One judged metric in one pair.
     *
     * @param kept    "kept", or "left out" with why
     * @param leftOut true when the pair did not enter this metric's statistic (shown muted)
     */
    public record PairCell(String a, String b, String ratio, String kept, boolean leftOut) {}

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /**
     * The section of an A/B outcome.
     *
     * @param overlays the percentile spectra of both builds, from {@link TestCharts.Charts#overlays()}
     * @throws IllegalArgumentException when the outcome has no comparison
     */
    public static AbSection of(TestOutcome outcome, List<ChartView> overlays) {
        Comparison c = outcome.comparison();
        if (c == null) {
            throw new IllegalArgumentException(
                    "not an A/B outcome: " + outcome.result().testName());
        }
        RunResult b = outcome.result();
        List<TestPage.Fact> facts = List.of(
                new TestPage.Fact("A, reference", description(c.reference().target())),
                new TestPage.Fact("B, candidate", description(b.target())),
                new TestPage.Fact("Mode", mode(c.mode())),
                new TestPage.Fact("Pairs", Integer.toString(c.pairs())),
                new TestPage.Fact("Order", c.order().isEmpty() ? Format.NONE : String.join(" ", c.order())),
                new TestPage.Fact("Seed", c.seed() + " (the same seed repeats the order)"));
        List<ChartView> charts = new ArrayList<>();
        c.figures().forEach(f -> charts.add(AbCharts.ratio(f)));
        charts.addAll(overlays);
        PairedFigure throughput = AbCharts.throughputPairs(c, b);
        charts.add(AbCharts.throughput(throughput, c.figures().contains(throughput)));
        return new AbSection(
                facts,
                PairedChange.of(c.figures(), outcome.verdict()),
                c.figures().stream().map(PairedFigure::metric).toList(),
                pairs(c, b),
                charts);
    }

    private static List<PairRow> pairs(Comparison c, RunResult b) {
        List<PairRow> rows = new ArrayList<>();
        List<PairHealth.Pair> decided =
                c.reference().trials().size() == b.trials().size()
                        ? PairHealth.judge(c.reference().trials(), b.trials(), RunResults.cores(b.environment()))
                        : List.of();
        for (int i = 0; i < c.pairs(); i++) {
            HealthStatus a = healthOf(c.reference().trials(), i);
            HealthStatus bh = healthOf(b.trials(), i);
            PairHealth.Pair pair = i < decided.size() ? decided.get(i) : null;
            List<PairCell> cells = new ArrayList<>();
            for (PairedFigure f : c.figures()) {
                cells.add(cell(f, i, pair));
            }
            rows.add(
                    new PairRow(Integer.toString(i + 1), c.order().get(i), HealthView.of(a), HealthView.of(bh), cells));
        }
        return rows;
    }

    private static PairCell cell(PairedFigure f, int pair, PairHealth.Pair health) {
        if (pair >= f.kept().size()) {
            return new PairCell(Format.NONE, Format.NONE, Format.NONE, "left out: not measured", true);
        }
        double a = f.reference().get(pair);
        double b = f.candidate().get(pair);
        boolean kept = f.kept().get(pair);
        return new PairCell(
                Format.metricValue(a, f.unit()),
                Format.metricValue(b, f.unit()),
                Format.ratio(f.ratio(pair)),
                kept ? "kept" : leftOutBecause(a, b, health),
                !kept);
    }

    /**
     * Why a pair did not enter a statistic: the pair rule's reason ({@link PairHealth}, the same
     * the judge applied), or a missing value.
     */
    private static String leftOutBecause(double a, double b, PairHealth.Pair health) {
        List<String> why = new ArrayList<>();
        if (health != null && !health.kept()) {
            why.add(health.reason());
        }
        if (!Double.isFinite(a)) {
            why.add("A lacks it");
        }
        if (!Double.isFinite(b)) {
            why.add("B lacks it");
        }
        return why.isEmpty() ? "left out" : "left out: " + String.join(", ", why);
    }

    /** The health of the trial of a pair; null when the run has no such trial or it predates health. */
    private static HealthStatus healthOf(List<TrialFigures> trials, int pair) {
        return pair < trials.size() ? trials.get(pair).health() : null;
    }

    static String description(TargetInfo target) {
        return target == null || target.description() == null ? Format.NONE : target.description();
    }

    private static String mode(String mode) {
        return switch (mode) {
            case Comparison.INTERLEAVED -> "interleaved: one build at a time, A and B taking turns";
            case Comparison.DUET -> "duet: both builds at once, the load split between them";
            default -> mode;
        };
    }
}
