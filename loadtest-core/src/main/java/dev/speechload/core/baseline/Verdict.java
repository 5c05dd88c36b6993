package dev.speechload.core.baseline;

import java.util.List;
import java.util.Objects;

/**
 * The judgement of one test run against its baseline: one {@link MetricVerdict} per metric and
 * the worst of them as {@link #overall()}. Immutable and thread-safe.
 *
 * @param baselineFound false when no baseline file existed (hard limits still judged)
 * @param notes         caveats such as a baseline recorded on a machine of another kind
 * @param comparedWith  the reference build (A) of an A/B verdict, which then stands where a
 *                      baseline would; null for a verdict against the baseline file
 */
public record Verdict(
        String testName,
        VerdictStatus overall,
        boolean baselineFound,
        List<MetricVerdict> metrics,
        List<String> notes,
        String comparedWith) {

    public Verdict {
        Objects.requireNonNull(testName, "testName");
        Objects.requireNonNull(overall, "overall");
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A verdict against the baseline file (or none). */
    public Verdict(
            String testName,
            VerdictStatus overall,
            boolean baselineFound,
            List<MetricVerdict> metrics,
            List<String> notes) {
        this(testName, overall, baselineFound, metrics, notes, null);
    }

    /** Whether this is the verdict of an A/B comparison. */
    public boolean comparison() {
        return comparedWith != null;
    }

    /** The metrics with the given status, in order. */
    public List<MetricVerdict> metricsWithStatus(VerdictStatus status) {
        return metrics.stream().filter(m -> m.status() == status).toList();
    }
}
