package dev.speechload.core.result;

import java.util.List;
import java.util.Objects;

/**
 * One metric of an A/B comparison, pair by pair: the reference (A) and candidate (B) trial values
 * of each pair and the paired ratio B/A with its confidence interval (Hodges-Lehmann estimate,
 * Wilcoxon signed-rank interval; see {@code docs/baselines.md}).
 *
 * @param metric        the verdict line it judged, e.g. {@code latency.stt.final_latency.p99},
 *                      {@code throughput}
 * @param unit          unit of the values, as in {@code MetricVerdict.unit()}
 * @param higherIsWorse true for latencies, false for throughput
 * @param reference     A's value in each pair, in pair order (NaN where the trial lacks it)
 * @param candidate     B's value in each pair
 * @param kept          whether each pair entered the statistic (false: a trial of it was
 *                      COMPROMISED or lacks the value)
 * @param estimate      the paired ratio B/A; null when too few pairs were kept to judge
 * @param lower         lower bound of the ratio's interval; null as {@code estimate}
 * @param upper         upper bound of the ratio's interval; null as {@code estimate}
 * @param confidence    the interval's exact two-sided coverage (e.g. 0.961 for 8 pairs); 0 when
 *                      not computed
 */
public record PairedFigure(
        String metric,
        String unit,
        boolean higherIsWorse,
        List<Double> reference,
        List<Double> candidate,
        List<Boolean> kept,
        Double estimate,
        Double lower,
        Double upper,
        double confidence) {

    public PairedFigure {
        Objects.requireNonNull(metric, "metric");
        reference = reference == null ? List.of() : List.copyOf(reference);
        candidate = candidate == null ? List.of() : List.copyOf(candidate);
        kept = kept == null ? List.of() : List.copyOf(kept);
        if (reference.size() != candidate.size() || kept.size() != reference.size()) {
            throw new IllegalArgumentException("a paired figure needs one reference, candidate and kept entry per pair,"
                    + " had " + reference.size() + ", " + candidate.size() + " and " + kept.size());
        }
    }

    /** The ratio B/A of one pair; NaN when either value is missing or A's is not positive. */
    public double ratio(int pair) {
        double a = reference.get(pair);
        double b = candidate.get(pair);
        return a > 0 && Double.isFinite(a) && Double.isFinite(b) ? b / a : Double.NaN;
    }
}
