package dev.speechload.core.baseline;

import java.util.List;
import java.util.Objects;

/**
 * Verdicts in words: the message that fails a test, and a plain-text summary for consoles and
 * the CLI. Pure and thread-safe.
 */
public final class VerdictMessages {

    private VerdictMessages() {}

    /**
     * The message a test fails with when fail-on-regression is on and the verdict is FAIL: the test,
     * one line per failing metric with its values, change and rule, then the notes, then how to
     * accept the change. Example:
     * <pre>
     * Foo.bar regressed against its baseline (2 metrics failed):
     *   - latency.service_time.p99: 10.000 ms -> 20.000 ms (+100.0 %), beyond the fail level of +50 %
     *   - errors.ratio: error ratio (12 failed) 6.00 % is above the limit of 5.00 %
     * If the change is intended, record a new baseline: -Dloadtest.updateBaseline=true
     * </pre>
     *
     * INCONCLUSIVE metrics follow in a section of their own, with why they could not be judged;
     * a verdict with INCONCLUSIVE but no FAIL metrics gets a message of its own, e.g.
     * <pre>
     * Foo.bar could not be judged (1 metric inconclusive):
     *   - latency.service_time.p99: 90 values: too few for p99, need at least 368; judged at p95
     * Re-run on a quiet machine, or longer so that each percentile has the values it needs
     * </pre>
     *
     * @param verdict not null; any status (for a verdict without FAIL or INCONCLUSIVE metrics it says so)
     */
    public static String failureMessage(Verdict verdict) {
        Objects.requireNonNull(verdict, "verdict");
        List<MetricVerdict> failed = verdict.metricsWithStatus(VerdictStatus.FAIL);
        List<MetricVerdict> inconclusive = verdict.metricsWithStatus(VerdictStatus.INCONCLUSIVE);
        StringBuilder sb = new StringBuilder(verdict.testName());
        if (failed.isEmpty() && inconclusive.isEmpty()) {
            return sb.append(" has no failing metric (overall ")
                    .append(verdict.overall())
                    .append(')')
                    .toString();
        }
        if (failed.isEmpty()) {
            sb.append(" could not be judged (")
                    .append(metrics(inconclusive.size()))
                    .append(" inconclusive):");
            lines(sb, inconclusive);
            for (String note : verdict.notes()) {
                sb.append("\n  note: ").append(note);
            }
            return sb.append("\nRe-run on a quiet machine, or longer so that each percentile has the values it needs")
                    .toString();
        }
        boolean objectivesOnly = failed.stream().allMatch(VerdictMessages::objective);
        sb.append(
                        objectivesOnly
                                ? " missed " + (failed.size() == 1 ? "an objective (" : "objectives (")
                                : verdict.comparison()
                                        ? " regressed against the reference build A (" + verdict.comparedWith() + "; "
                                        : verdict.baselineFound()
                                                ? " regressed against its baseline ("
                                                : " broke a hard limit (")
                .append(failed.size())
                .append(failed.size() == 1 ? " metric failed):" : " metrics failed):");
        lines(sb, failed);
        if (!inconclusive.isEmpty()) {
            sb.append("\n").append(metrics(inconclusive.size())).append(" could not be judged (inconclusive):");
            lines(sb, inconclusive);
        }
        for (String note : verdict.notes()) {
            sb.append("\n  note: ").append(note);
        }
        if (verdict.baselineFound() && !verdict.comparison() && !objectivesOnly) {
            sb.append("\nIf the change is intended, record a new baseline: -Dloadtest.updateBaseline=true"
                            + " (or: speechload baseline update --test ")
                    .append(verdict.testName())
                    .append(')');
        }
        return sb.toString();
    }

    /** Whether a line of {@code verdict} that missed an objective FAILed: such a test fails whatever fail-on-regression says. */
    public static boolean missedObjective(Verdict verdict) {
        return verdict.metricsWithStatus(VerdictStatus.FAIL).stream().anyMatch(VerdictMessages::objective);
    }

    private static boolean objective(MetricVerdict m) {
        return m.metric().startsWith(ObjectiveRule.LINE_PREFIX);
    }

    private static void lines(StringBuilder sb, List<MetricVerdict> metrics) {
        for (MetricVerdict m : metrics) {
            sb.append("\n  - ").append(m.metric()).append(": ").append(m.reason());
        }
    }

    private static String metrics(int n) {
        return n + (n == 1 ? " metric" : " metrics");
    }

    /**
     * One line for a log: the overall status, the test, what it was compared with and the metrics
     * that failed or warned, e.g.
     * {@code FAIL Foo.bar against its baseline: 1 failed (latency.service_time.p99 +100.0 %), 0 warned of 9 metrics};
     * INCONCLUSIVE metrics are counted when there are any ({@code ..., 0 warned, 2 inconclusive (...) of 9 metrics}).
     */
    public static String oneLine(Verdict verdict) {
        Objects.requireNonNull(verdict, "verdict");
        List<MetricVerdict> failed = verdict.metricsWithStatus(VerdictStatus.FAIL);
        List<MetricVerdict> warned = verdict.metricsWithStatus(VerdictStatus.WARN);
        List<MetricVerdict> inconclusive = verdict.metricsWithStatus(VerdictStatus.INCONCLUSIVE);
        StringBuilder sb = new StringBuilder()
                .append(verdict.overall())
                .append(' ')
                .append(verdict.testName())
                .append(
                        verdict.comparison()
                                ? " A/B against the reference build: "
                                : verdict.baselineFound() ? " against its baseline: " : " (no baseline): ");
        if (verdict.metrics().isEmpty()) {
            return sb.append(
                            verdict.notes().isEmpty()
                                    ? "no metric judged"
                                    : verdict.notes().get(0))
                    .toString();
        }
        sb.append(failed.size())
                .append(" failed")
                .append(names(failed))
                .append(", ")
                .append(warned.size())
                .append(" warned")
                .append(names(warned));
        if (!inconclusive.isEmpty()) {
            sb.append(", ").append(inconclusive.size()).append(" inconclusive").append(names(inconclusive));
        }
        sb.append(" of ").append(verdict.metrics().size()).append(" metrics");
        return sb.toString();
    }

    private static String names(List<MetricVerdict> metrics) {
        if (metrics.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < metrics.size(); i++) {
            MetricVerdict m = metrics.get(i);
            sb.append(i == 0 ? "" : ", ").append(m.metric());
            if (m.deltaPercent() != null) {
                sb.append(' ').append(Units.percent(m.deltaPercent()));
            }
        }
        return sb.append(')').toString();
    }

    /**
     * A plain-text summary: a header line with the overall status, one line per metric (status,
     * metric, baseline, current, change, reason; an INCONCLUSIVE one says why it was not judged),
     * then the notes. Lines end with '\n'.
     */
    public static String summary(Verdict verdict) {
        Objects.requireNonNull(verdict, "verdict");
        StringBuilder sb = new StringBuilder();
        sb.append(verdict.overall())
                .append("  ")
                .append(verdict.testName())
                .append(
                        verdict.comparison()
                                ? "  (A/B: A -> B, A = " + verdict.comparedWith() + ")"
                                : verdict.baselineFound() ? "" : "  (no baseline)")
                .append('\n');
        for (MetricVerdict m : verdict.metrics()) {
            sb.append(Units.f(
                            "  %-11s %-36s %12s -> %-12s %9s  %s%n",
                            m.status(),
                            m.metric(),
                            Units.format(m.baselineValue(), m.unit()),
                            Units.format(m.currentValue(), m.unit()),
                            Units.percent(m.deltaPercent()),
                            m.reason())
                    .replace(System.lineSeparator(), "\n"));
        }
        for (String note : verdict.notes()) {
            sb.append("  note: ").append(note).append('\n');
        }
        return sb.toString();
    }
}
