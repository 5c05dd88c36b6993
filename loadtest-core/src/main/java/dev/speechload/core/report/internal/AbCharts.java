package dev.speechload.core.report.internal;

import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The charts that only an A/B page has: the paired ratio B/A of a judged metric, pair by pair with
 * its estimate and interval, and the throughput of A and B side by side. (The overlaid latency
 * spectra are {@link TestCharts}' own, drawn against {@link Counterpart#referenceBuild}.)
 * Stateless and thread-safe.
 */
final class AbCharts {

    static final String THROUGHPUT = "throughput";
    /** Half the room of a pair on the x axis that one build's bar takes, leaving a gap between the two. */
    private static final double BAR_WIDTH = 0.38;

    private AbCharts() {}

    /**
     * Every pair's ratio B/A of one metric as a dot at its pair number (pairs left out of the
     * statistic hollow and grey), a dashed line at 1 (no change), and the estimate as a solid line
     * inside its interval, shaded.
     */
    static ChartView ratio(PairedFigure figure) {
        int pairs = figure.kept().size();
        double[] xs = new double[pairs];
        double[] kept = new double[pairs];
        double[] leftOut = new double[pairs];
        boolean anyLeftOut = false;
        for (int i = 0; i < pairs; i++) {
            xs[i] = i + 1;
            double ratio = figure.ratio(i);
            kept[i] = figure.kept().get(i) ? ratio : Double.NaN;
            leftOut[i] = figure.kept().get(i) ? Double.NaN : ratio;
            anyLeftOut |= Double.isFinite(leftOut[i]);
        }
        SvgChart chart = new SvgChart(
                        "Paired ratio B/A of " + figure.metric(),
                        Axis.index("pair"),
                        Axis.linearFitted("ratio B/A", ""))
                .extendX(1)
                .extendX(pairs);
        chart.add(Series.dots("pairs kept", xs, kept, Palette.BUILD_B));
        if (anyLeftOut) {
            chart.add(Series.openDots("pairs left out", xs, leftOut, Palette.LEFT_OUT));
        }
        chart.reference(1, "no change", Palette.MARKER, true);
        padRatios(chart, figure);
        PairedChange change = PairedChange.of(figure, null);
        if (change.estimated()) {
            if (figure.lower() != null && figure.upper() != null) {
                chart.range(
                        figure.lower(),
                        figure.upper(),
                        change.intervalLabel() + " " + change.interval(),
                        Palette.BUILD_B);
            }
            chart.reference(figure.estimate(), "estimate " + change.ratio(), Palette.BUILD_B, false);
        }
        return new ChartView(
                "ratio-" + TestCharts.slug(figure.metric()),
                "Paired ratio B/A: " + figure.metric(),
                ratioCaption(figure, change),
                chart.render());
    }

    /**
     * Widens the ratio axis a little beyond everything drawn, so the line at 1 and the outermost
     * dots never sit on the frame, where the axis line would hide them.
     */
    private static void padRatios(SvgChart chart, PairedFigure figure) {
        List<Double> drawn = new ArrayList<>(Arrays.asList(1.0, figure.estimate(), figure.lower(), figure.upper()));
        for (int i = 0; i < figure.kept().size(); i++) {
            drawn.add(figure.ratio(i));
        }
        double min = 1;
        double max = 1;
        for (Double v : drawn) {
            if (v != null && Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double pad = Math.max(0.005, (max - min) * 0.05);
        chart.extendY(min - pad).extendY(max + pad);
    }

    private static String ratioCaption(PairedFigure figure, PairedChange change) {
        StringBuilder text = new StringBuilder("Each dot is one pair: B's trial value of ")
                .append(figure.metric())
                .append(" divided by A's from the same pair, numbered as in the table of pairs. Hollow grey dots are"
                        + " pairs left out of the statistic (a trial of the pair was COMPROMISED or lacks the value)."
                        + " The dashed line at 1 is no change. ");
        if (!change.estimated()) {
            return text.append("Too few pairs were kept to estimate the ratio, so no estimate or interval is drawn.")
                    .toString();
        }
        text.append("The solid line is the estimate of B/A (Hodges-Lehmann, ")
                .append(change.change())
                .append(") and the shaded band its ")
                .append(change.intervalLabel())
                .append(" (Wilcoxon signed-rank). ");
        return text.append(
                        figure.higherIsWorse()
                                ? "Higher is worse here: an interval wholly above 1 means B is worse than A beyond the noise"
                                        + " between pairs, one wholly below 1 that it is better."
                                : "Higher is better here: an interval wholly below 1 means B is worse than A beyond the noise"
                                        + " between pairs, one wholly above 1 that it is better.")
                .toString();
    }

    /**
     * Throughput of A and B side by side in every pair (A's bar left, B's right; both grey where
     * the pair was left out), with each build's median over the pairs kept as a dashed line.
     *
     * @param figure the judged throughput figure, or one made of the trials by {@link #throughputPairs}
     * @param judged whether {@code figure} is the verdict's, so the caption says what the medians are
     */
    static ChartView throughput(PairedFigure figure, boolean judged) {
        int pairs = figure.kept().size();
        double[] aStarts = new double[pairs];
        double[] bStarts = new double[pairs];
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        double[] aOut = new double[pairs];
        double[] bOut = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            aStarts[i] = i + 1 - BAR_WIDTH - 0.02;
            bStarts[i] = i + 1 + 0.02;
            boolean kept = figure.kept().get(i);
            a[i] = kept ? figure.reference().get(i) : Double.NaN;
            b[i] = kept ? figure.candidate().get(i) : Double.NaN;
            aOut[i] = kept ? Double.NaN : figure.reference().get(i);
            bOut[i] = kept ? Double.NaN : figure.candidate().get(i);
        }
        SvgChart chart = new SvgChart(
                        "Throughput of A and B in each pair",
                        Axis.index("pair"),
                        Axis.linear("throughput", "iterations/s"))
                .extendX(1)
                .extendX(pairs);
        chart.add(Series.bars("A (reference)", aStarts, a, BAR_WIDTH, Palette.BUILD_A));
        chart.add(Series.bars("B (candidate)", bStarts, b, BAR_WIDTH, Palette.BUILD_B));
        if (figure.kept().contains(false)) {
            chart.add(Series.bars(
                    "pair left out",
                    interleave(aStarts, bStarts),
                    interleave(aOut, bOut),
                    BAR_WIDTH,
                    Palette.LEFT_OUT));
        }
        double medianA = median(a);
        double medianB = median(b);
        chart.reference(medianA, "A median " + Format.number(medianA) + " /s", Palette.BUILD_A, true);
        chart.reference(medianB, "B median " + Format.number(medianB) + " /s", Palette.BUILD_B, true);
        return new ChartView(
                "ab-throughput",
                "Throughput of A and B",
                "Completed iterations per second of each trial: in every pair A's bar (orange) stands left of B's"
                        + " (blue); grey bars are pairs left out of the throughput verdict. The dashed lines are each"
                        + " build's median over the pairs kept"
                        + (judged ? ", the figures the A/B verdict compares." : " (throughput was not judged A/B)."),
                chart.render());
    }

    /**
     * The throughput pair by pair: the comparison's judged figure when it has one, else one made of
     * both runs' trials (index-aligned with the pairs), every pair with both values kept.
     */
    static PairedFigure throughputPairs(Comparison comparison, RunResult candidate) {
        for (PairedFigure f : comparison.figures()) {
            if (f.metric().equals(THROUGHPUT)) {
                return f;
            }
        }
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Boolean> kept = new ArrayList<>();
        for (int i = 0; i < comparison.pairs(); i++) {
            double av = throughputOf(comparison.reference().trials(), i);
            double bv = throughputOf(candidate.trials(), i);
            a.add(av);
            b.add(bv);
            kept.add(Double.isFinite(av) && Double.isFinite(bv));
        }
        return new PairedFigure(THROUGHPUT, "per_second", false, a, b, kept, null, null, null, 0);
    }

    private static double throughputOf(List<TrialFigures> trials, int pair) {
        return pair < trials.size() ? trials.get(pair).throughputPerSecond() : Double.NaN;
    }

    /** The median of the finite values (mean of the middle two for an even count); NaN when there are none. */
    static double median(double[] values) {
        double[] finite =
                Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = finite.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
    }

    /** first[0], second[0], first[1], second[1], ...: A's and B's bar of each pair in x order. */
    private static double[] interleave(double[] first, double[] second) {
        double[] both = new double[first.length + second.length];
        for (int i = 0; i < first.length; i++) {
            both[2 * i] = first[i];
            both[2 * i + 1] = second[i];
        }
        return both;
    }
}
