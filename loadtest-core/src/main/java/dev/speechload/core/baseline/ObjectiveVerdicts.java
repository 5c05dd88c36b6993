package dev.speechload.core.baseline;

import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Judges a run against its {@link ObjectiveRule}s, with the rules the baseline verdicts follow:
 * a COMPROMISED run's timing lines (latency, throughput, memory growth) are INCONCLUSIVE
 * ({@link Verdicts.HealthView}); a percentile the run's count of values cannot support
 * ({@link Percentile#minimumCount}) is not judged, and its line says so. Errors and peak memory are
 * judged whatever the health. One line per rule, added to the verdict beside the baseline's (or
 * the A/B comparison's) lines, with the id {@link ObjectiveRule#lineId()}. Pure and thread-safe.
 */
public final class ObjectiveVerdicts {

    /** The threshold text of an objective's line. */
    static final String THRESHOLD = "objective (absolute)";

    private ObjectiveVerdicts() {}

    /**
     * {@code verdict} with one line per rule judged on {@code current} appended, and its overall
     * status the worst of its own and theirs (a PASS line leaves NO_BASELINE as it is).
     */
    public static Verdict judge(Verdict verdict, RunResult current, List<ObjectiveRule> rules) {
        Objects.requireNonNull(verdict, "verdict");
        if (rules.isEmpty()) {
            return verdict;
        }
        List<MetricVerdict> lines = new ArrayList<>(verdict.metrics());
        VerdictStatus overall = verdict.overall();
        for (MetricVerdict line : judge(current, rules)) {
            lines.add(line);
            overall = overall.worst(line.status());
        }
        return new Verdict(
                verdict.testName(), overall, verdict.baselineFound(), lines, verdict.notes(), verdict.comparedWith());
    }

    /** One line per rule, in order. */
    public static List<MetricVerdict> judge(RunResult current, List<ObjectiveRule> rules) {
        Objects.requireNonNull(current, "current");
        Verdicts.HealthView health = Verdicts.HealthView.of(current.health());
        List<MetricVerdict> lines = new ArrayList<>();
        for (ObjectiveRule rule : rules) {
            lines.add(
                    switch (rule.kind()) {
                        case LATENCY -> latency(rule, current, health);
                        case THROUGHPUT ->
                            current.throughput() == null
                                    ? notJudged(rule, Units.PER_SECOND, "this run has no throughput figures")
                                    : health.apply(limit(
                                            rule,
                                            Units.PER_SECOND,
                                            current.throughput().throughputPerSecond(),
                                            "throughput"));
                        case ERRORS ->
                            current.errors() == null
                                    ? notJudged(rule, Units.RATIO, "this run counted no iterations")
                                    : limit(
                                            rule,
                                            Units.RATIO,
                                            current.errors().errorRatio(),
                                            "error ratio (" + current.errors().failedIterations() + " failed)");
                        case MEMORY_PEAK, MEMORY_GROWTH -> memory(rule, current, health);
                    });
        }
        return lines;
    }

    private static MetricVerdict latency(ObjectiveRule rule, RunResult current, Verdicts.HealthView health) {
        LatencySummary summary = current.latencies().get(rule.metric());
        if (summary == null) {
            // A name the run never recorded is most likely a typo: failing says so where a PASS would hide
            // it, and no machine's health excuses it.
            return new MetricVerdict(
                    rule.lineId(),
                    Units.NANOS,
                    VerdictStatus.FAIL,
                    null,
                    Double.NaN,
                    null,
                    THRESHOLD,
                    "this run recorded no latency metric '" + rule.metric() + "'; it recorded "
                            + String.join(
                                    ", ", new TreeSet<>(current.latencies().keySet())));
        }
        Percentile p = Percentile.of(rule.statistic());
        String n = Verdicts.count(summary.count()) + " values";
        if (summary.count() < p.minimumCount) {
            MetricVerdict line = notJudged(
                    rule,
                    Units.NANOS,
                    n + ": too few for " + p.label + ", need at least " + Verdicts.count(p.minimumCount)
                            + " (run longer or with more channels)");
            return new MetricVerdict(
                    line.metric(),
                    line.unit(),
                    line.status(),
                    null,
                    p.of(summary),
                    null,
                    line.threshold(),
                    line.reason(),
                    summary.count());
        }
        MetricVerdict judged = limit(rule, Units.NANOS, p.of(summary), p.label);
        return health.apply(Verdicts.withCount(judged, summary.count(), "n = " + Verdicts.count(summary.count())));
    }

    private static MetricVerdict memory(ObjectiveRule rule, RunResult current, Verdicts.HealthView health) {
        ResourceSummary.MemoryFigures m =
                current.server() == null ? null : current.server().memory();
        if (m == null || m.peakBytes() < 0 || m.beforeBytes() < 0) {
            return notJudged(rule, Units.BYTES, "the server's memory was not measured");
        }
        if (rule.kind() == ObjectiveRule.Kind.MEMORY_PEAK) {
            return limit(rule, Units.BYTES, m.peakBytes(), "server RSS peak");
        }
        // Growth depends on when a heap grew during the run: a timing figure, as the baseline verdicts take it.
        return health.apply(limit(rule, Units.BYTES, m.growthBytes(), "server RSS growth (peak - before)"));
    }

    /** PASS when {@code value} meets the rule, else FAIL; the reason names the measured value and the limit. */
    private static MetricVerdict limit(ObjectiveRule rule, String unit, double value, String what) {
        boolean met = rule.met(value);
        String reason = what + " " + Units.format(value, unit) + (met ? " meets " : " misses ") + "the objective "
                + rule.operator() + " " + Units.format(rule.limit(), unit);
        return new MetricVerdict(
                rule.lineId(),
                unit,
                met ? VerdictStatus.PASS : VerdictStatus.FAIL,
                null,
                value,
                null,
                THRESHOLD,
                reason);
    }

    /** Shown, never held against the run: the sample or the measurement cannot answer the rule. */
    private static MetricVerdict notJudged(ObjectiveRule rule, String unit, String why) {
        return new MetricVerdict(
                rule.lineId(), unit, VerdictStatus.PASS, null, Double.NaN, null, Rules.REPORTED, "not judged: " + why);
    }
}
