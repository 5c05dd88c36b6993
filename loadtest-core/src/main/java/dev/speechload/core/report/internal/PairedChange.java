package dev.speechload.core.report.internal;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.result.PairedFigure;
import java.util.List;

/**
 * One judged metric of an A/B comparison as a test page and {@code summary.md} show it: the paired
 * ratio B/A with its interval, both as a ratio and as a change in percent. Plain text, not
 * escaped. Immutable.
 *
 * @param metric         the verdict line it judged, e.g. {@code latency.service_time.p99}
 * @param estimated      false when too few pairs were kept to estimate the ratio (then the
 *                       figures below are {@link Format#NONE})
 * @param ratio          the estimate of B/A, e.g. "1.118"
 * @param interval       its interval, e.g. "1.090 – 1.140"
 * @param change         the estimate as a change of B against A, e.g. "+11.8 %"
 * @param changeInterval the interval as changes, e.g. "+9.5 % to +13.5 %"
 * @param confidence     the interval's coverage, e.g. "95.3 %"
 * @param kept           the pairs the statistic rests on, e.g. "7 of 8"
 * @param status         the status of the verdict line of this metric; NOT JUDGED when it has none
 */
public record PairedChange(
        String metric,
        boolean estimated,
        String ratio,
        String interval,
        String change,
        String changeInterval,
        String confidence,
        String kept,
        Status status) {

    /** The change of {@code figure}, with the status its line has in {@code verdict} (may be null). */
    public static PairedChange of(PairedFigure figure, Verdict verdict) {
        long kept = figure.kept().stream().filter(Boolean::booleanValue).count();
        String keptText = kept + " of " + figure.kept().size();
        Status status = Status.of(statusOf(verdict, figure.metric()));
        Double estimate = figure.estimate();
        if (estimate == null || !Double.isFinite(estimate)) {
            return new PairedChange(
                    figure.metric(),
                    false,
                    Format.NONE,
                    Format.NONE,
                    Format.NONE,
                    Format.NONE,
                    Format.NONE,
                    keptText,
                    status);
        }
        boolean bounded = figure.lower() != null && figure.upper() != null;
        return new PairedChange(
                figure.metric(),
                true,
                Format.ratio(estimate),
                bounded ? Format.ratio(figure.lower()) + " \u2013 " + Format.ratio(figure.upper()) : Format.NONE,
                asChange(estimate),
                bounded ? asChange(figure.lower()) + " to " + asChange(figure.upper()) : Format.NONE,
                figure.confidence() > 0 ? Format.percentOfRatio(figure.confidence()) : Format.NONE,
                keptText,
                status);
    }

    /** The changes of every judged metric of a comparison, in verdict order. */
    public static List<PairedChange> of(List<PairedFigure> figures, Verdict verdict) {
        return figures.stream().map(f -> of(f, verdict)).toList();
    }

    /**
     * One phrase for a markdown line, escaped: "latency.service\_time.p99 **+11.8 %** (+9.5 % to
     * +13.5 %, 95.3 % interval, 7 of 8 pairs)".
     */
    public String markdown() {
        String name = Escape.markdown(metric);
        if (!estimated) {
            return name + " not estimated (" + kept + " pairs kept)";
        }
        String bounds = Format.NONE.equals(changeInterval) ? "" : changeInterval + ", " + intervalLabel() + ", ";
        return name + " **" + change + "** (" + bounds + kept + " pairs)";
    }

    /** "95.3 % interval", or just "interval" when its coverage was not computed. */
    public String intervalLabel() {
        return Format.NONE.equals(confidence) ? "interval" : confidence + " interval";
    }

    /** A ratio B/A as the change of B against A, e.g. 1.118 as "+11.8 %". */
    private static String asChange(double ratio) {
        return Format.deltaPercent((ratio - 1) * 100);
    }

    /** The status of the verdict's line of {@code metric}; null (NOT JUDGED) when there is none. */
    private static VerdictStatus statusOf(Verdict verdict, String metric) {
        if (verdict == null) {
            return null;
        }
        return verdict.metrics().stream()
                .filter(m -> m.metric().equals(metric))
                .map(MetricVerdict::status)
                .findFirst()
                .orElse(null);
    }
}
