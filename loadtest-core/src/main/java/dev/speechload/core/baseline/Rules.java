package dev.speechload.core.baseline;

import static dev.speechload.core.baseline.Units.format;
import static dev.speechload.core.baseline.Units.level;
import static dev.speechload.core.baseline.Units.percent;

/**
 * The three kinds of rule a metric is judged by, each a pure function to one
 * {@link MetricVerdict}. Not API.
 */
final class Rules {

    /** The threshold text of a figure shown beside the judged one, never judged itself. */
    static final String REPORTED = "reported, not judged";

    private Rules() {}

    /**
     * A rule relative to the baseline.
     *
     * @param higherIsWorse true for latency and memory, false for throughput
     * @param warnPercent   the worsening (in percent of the baseline) above which to warn
     * @param failPercent   the worsening above which to fail; infinite for never
     * @param floor         absolute worsening at or below which a change is noise, in the metric's unit
     */
    record Relative(
            String metric, String unit, boolean higherIsWorse, double warnPercent, double failPercent, double floor) {

        String text() {
            String sign = higherIsWorse ? "+" : "-";
            String cmp = higherIsWorse ? ">" : "<";
            StringBuilder sb = new StringBuilder();
            if (Double.isFinite(warnPercent)) {
                sb.append("warn ").append(cmp).append(' ').append(sign).append(level(warnPercent));
            }
            if (Double.isFinite(failPercent)) {
                sb.append(sb.length() > 0 ? ", " : "")
                        .append("fail ")
                        .append(cmp)
                        .append(' ')
                        .append(sign)
                        .append(level(failPercent));
            }
            if (sb.length() == 0) {
                sb.append("never");
            }
            return sb.append("; changes up to ")
                    .append(format(floor, unit))
                    .append(" are noise")
                    .toString();
        }

        private String levelText(double percent) {
            return (higherIsWorse ? "+" : "-") + level(percent);
        }
    }

    /** Judges one value against the baseline's, taken as exact (no uncertainty). */
    static MetricVerdict relative(Relative r, Double base, double current) {
        return relative(r, base, current, 0);
    }

    /**
     * Judges one value against the baseline's with the uncertainty of their ratio: the 95 % interval
     * of {@code current / base} is {@code exp(ln(current / base) +- logHalfWidth)}. A level is
     * crossed as in {@link #byLevel}; with {@code logHalfWidth} 0 the estimate is taken as exact.
     *
     * @param logHalfWidth the half-width of the ratio's 95 % interval on a log scale, &gt;= 0
     */
    static MetricVerdict relative(Relative r, Double base, double current, double logHalfWidth) {
        if (base == null) {
            return new MetricVerdict(
                    r.metric(),
                    r.unit(),
                    VerdictStatus.NO_BASELINE,
                    null,
                    current,
                    null,
                    r.text(),
                    "no baseline value to compare with");
        }
        Double delta = base != 0 ? (current - base) / base * 100 : null;
        double worse = r.higherIsWorse() ? current - base : base - current;
        String change = format(base, r.unit()) + " -> " + format(current, r.unit())
                + (delta == null ? "" : " (" + percent(delta) + ")");
        if (worse <= 0) {
            return verdict(
                    r, VerdictStatus.PASS, base, current, delta, worse == 0 ? "unchanged" : "improved: " + change);
        }
        if (worse <= r.floor()) {
            return verdict(
                    r,
                    VerdictStatus.PASS,
                    base,
                    current,
                    delta,
                    change + ", within the noise floor of " + format(r.floor(), r.unit()));
        }
        // A zero baseline makes any change beyond the floor infinitely large in percent.
        double worsePercent = base > 0 ? worse / base * 100 : Double.POSITIVE_INFINITY;
        double leastWorsePercent = worsePercent;
        if (logHalfWidth > 0 && base > 0 && current > 0) {
            double logRatio = Math.log(current / base);
            double lower = Math.exp(logRatio - logHalfWidth);
            double upper = Math.exp(logRatio + logHalfWidth);
            leastWorsePercent = r.higherIsWorse() ? (lower - 1) * 100 : (1 - upper) * 100;
            change += "; " + interval(lower, upper);
        }
        return byLevel(r, base, current, delta, worsePercent, leastWorsePercent, change);
    }

    /**
     * Judges trial values of both sides on the bootstrap interval of the ratio of medians, with the
     * level rule of {@link #byLevel}.
     *
     * @param base    at least 2 baseline trial values with a positive median
     * @param current at least 2 current trial values
     */
    static MetricVerdict trials(Relative r, double[] base, double[] current) {
        double baseMedian = BootstrapMedianRatio.median(base.clone());
        double currentMedian = BootstrapMedianRatio.median(current.clone());
        BootstrapMedianRatio.Interval interval = BootstrapMedianRatio.of(base, current);
        double delta = (interval.estimate() - 1) * 100;
        double worse = r.higherIsWorse() ? currentMedian - baseMedian : baseMedian - currentMedian;
        String change = "median of " + base.length + " vs " + current.length + " trials " + format(baseMedian, r.unit())
                + " -> " + format(currentMedian, r.unit()) + " (" + percent(delta) + ")";
        if (worse <= 0) {
            return verdict(
                    r,
                    VerdictStatus.PASS,
                    baseMedian,
                    currentMedian,
                    delta,
                    worse == 0 ? "unchanged, " + change : "improved: " + change);
        }
        if (worse <= r.floor()) {
            return verdict(
                    r,
                    VerdictStatus.PASS,
                    baseMedian,
                    currentMedian,
                    delta,
                    change + ", within the noise floor of " + format(r.floor(), r.unit()));
        }
        // The least worsening the trials are consistent with, in percent of the baseline.
        double leastWorsePercent = r.higherIsWorse() ? (interval.lower() - 1) * 100 : (1 - interval.upper()) * 100;
        double worsePercent = r.higherIsWorse() ? (interval.estimate() - 1) * 100 : (1 - interval.estimate()) * 100;
        String spread = change + "; " + interval(interval.lower(), interval.upper());
        return byLevel(r, baseMedian, currentMedian, delta, worsePercent, leastWorsePercent, spread);
    }

    /**
     * Judges the pairs of an A/B comparison on the paired ratios B/A ({@link SignedRankInterval}).
     * The level rule differs from {@link #byLevel} in one place, because this interval is trusted
     * (both builds met the same machine, pair by pair, in random order): WARN when the change is
     * significant (the interval excludes "no worsening") and the interval reaches the warn level,
     * so a change that may be as large as the warn level is never let through unseen. FAIL, as
     * everywhere, when the interval's conservative bound is beyond the fail level. A change whose
     * size, applied to A's median, is within the noise floor passes.
     *
     * @param reference A's value per kept pair, all &gt; 0
     * @param candidate B's value per kept pair, all &gt; 0
     * @param interval  {@link SignedRankInterval#ofRatios} of the two, not null
     */
    static MetricVerdict paired(
            Relative r, double[] reference, double[] candidate, SignedRankInterval.Interval interval) {
        double a = BootstrapMedianRatio.median(reference.clone());
        double b = BootstrapMedianRatio.median(candidate.clone());
        double estimate = interval.estimate();
        double delta = (estimate - 1) * 100;
        double worseAbsolute = (r.higherIsWorse() ? estimate - 1 : 1 - estimate) * a;
        String change = "paired B/A of " + reference.length + " pairs " + percent(delta) + "; "
                + Units.level(Math.floor(interval.coverage() * 1000) / 10) + " interval "
                + percent((interval.lower() - 1) * 100) + " .. " + percent((interval.upper() - 1) * 100)
                + " (medians A " + format(a, r.unit()) + ", B " + format(b, r.unit()) + ")";
        if (worseAbsolute <= 0) {
            return verdict(
                    r, VerdictStatus.PASS, a, b, delta, (worseAbsolute == 0 ? "unchanged: " : "improved: ") + change);
        }
        if (worseAbsolute <= r.floor()) {
            return verdict(
                    r,
                    VerdictStatus.PASS,
                    a,
                    b,
                    delta,
                    change + ", within the noise floor of " + format(r.floor(), r.unit()));
        }
        double leastWorse = r.higherIsWorse() ? (interval.lower() - 1) * 100 : (1 - interval.upper()) * 100;
        double mostWorse = r.higherIsWorse() ? (interval.upper() - 1) * 100 : (1 - interval.lower()) * 100;
        if (leastWorse > r.failPercent()) {
            return verdict(
                    r,
                    VerdictStatus.FAIL,
                    a,
                    b,
                    delta,
                    change + ", beyond the fail level of " + r.levelText(r.failPercent()));
        }
        if (leastWorse > 0 && mostWorse > r.warnPercent()) {
            return verdict(
                    r,
                    VerdictStatus.WARN,
                    a,
                    b,
                    delta,
                    change + ": significantly worse, and the interval" + " reaches the warn level of "
                            + r.levelText(r.warnPercent()));
        }
        if (leastWorse > 0) {
            return verdict(
                    r,
                    VerdictStatus.PASS,
                    a,
                    b,
                    delta,
                    change + ": significantly worse, but the whole" + " interval stays within the warn level of "
                            + r.levelText(r.warnPercent()));
        }
        return verdict(
                r,
                VerdictStatus.PASS,
                a,
                b,
                delta,
                change + ": not significant, the interval includes" + " no worsening");
    }

    /** "95 % interval +57.4 % .. +65.3 %": a ratio's interval as changes in percent. */
    private static String interval(double lowerRatio, double upperRatio) {
        return Units.level(BootstrapMedianRatio.CONFIDENCE * 100) + " interval " + percent((lowerRatio - 1) * 100)
                + " .. " + percent((upperRatio - 1) * 100);
    }

    /**
     * The level rule. FAIL when the change is surely beyond the fail level: the interval's
     * conservative bound ({@code leastWorsePercent}, the least worsening the interval allows) is
     * beyond it. WARN when the estimate is beyond the warn level and the change is significant: the
     * interval excludes "no worsening" ({@code leastWorsePercent > 0}). Else PASS. With no
     * uncertainty both figures are the estimate, and the rule is the plain one.
     */
    private static MetricVerdict byLevel(
            Relative r,
            double base,
            double current,
            Double delta,
            double worsePercent,
            double leastWorsePercent,
            String change) {
        if (leastWorsePercent > r.failPercent()) {
            return verdict(
                    r,
                    VerdictStatus.FAIL,
                    base,
                    current,
                    delta,
                    change + ", beyond the fail level of " + r.levelText(r.failPercent()));
        }
        if (worsePercent > r.warnPercent() && leastWorsePercent > 0) {
            String fail = worsePercent > r.failPercent()
                    ? " (the fail level of " + r.levelText(r.failPercent()) + " is within the uncertainty)"
                    : "";
            return verdict(
                    r,
                    VerdictStatus.WARN,
                    base,
                    current,
                    delta,
                    change + ", beyond the warn level of " + r.levelText(r.warnPercent()) + fail);
        }
        if (worsePercent > r.warnPercent()) {
            return verdict(
                    r,
                    VerdictStatus.PASS,
                    base,
                    current,
                    delta,
                    change + ", beyond the warn level of " + r.levelText(r.warnPercent())
                            + " but not significantly: the interval still includes no worsening");
        }
        return verdict(
                r,
                VerdictStatus.PASS,
                base,
                current,
                delta,
                change + ", within the warn level of " + r.levelText(r.warnPercent()));
    }

    private static MetricVerdict verdict(
            Relative r, VerdictStatus status, double base, double current, Double delta, String reason) {
        return new MetricVerdict(r.metric(), r.unit(), status, base, current, delta, r.text(), reason);
    }

    /** A figure shown beside the judged one (p50, p95): PASS with a baseline, else NO_BASELINE. */
    static MetricVerdict reported(String metric, String unit, Double base, double current, String judgedBy) {
        Double delta = base != null && base != 0 ? (current - base) / base * 100 : null;
        return new MetricVerdict(
                metric,
                unit,
                base == null ? VerdictStatus.NO_BASELINE : VerdictStatus.PASS,
                base,
                current,
                delta,
                REPORTED,
                "shown for context; " + judgedBy + " is judged");
    }

    /**
     * An absolute limit, judged with or without a baseline.
     *
     * @param above     the status when {@code current > limit}
     * @param limitText the rule in words, e.g. "fail > 0.100 MB/s"
     */
    static MetricVerdict hardLimit(
            String metric,
            String unit,
            Double base,
            double current,
            double limit,
            VerdictStatus above,
            String limitText,
            String what) {
        Double delta = base != null && base != 0 ? (current - base) / base * 100 : null;
        if (current > limit) {
            return new MetricVerdict(
                    metric,
                    unit,
                    above,
                    base,
                    current,
                    delta,
                    limitText,
                    what + " " + format(current, unit) + " is above the limit of " + format(limit, unit));
        }
        String reason = what + " " + format(current, unit) + " is within the limit of " + format(limit, unit);
        if (base == null) {
            return new MetricVerdict(
                    metric,
                    unit,
                    VerdictStatus.NO_BASELINE,
                    null,
                    current,
                    null,
                    limitText,
                    reason + "; no baseline value to compare with");
        }
        return new MetricVerdict(metric, unit, VerdictStatus.PASS, base, current, delta, limitText, reason);
    }
}
