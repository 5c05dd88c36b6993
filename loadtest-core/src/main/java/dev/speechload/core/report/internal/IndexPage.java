package dev.speechload.core.report.internal;

import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Mustache scope of {@code index.html.mustache} and the rows of {@code summary.md}: one row
 * per readable result, and the files that were not. Immutable.
 */
public record IndexPage(List<Row> rows, List<Problem> unreadable, String totals, String generatedAt) {

    /**
     * One test. An A/B test's figures are the candidate's (B's) and its status the A/B verdict's.
     *
     * @param href        link to the test's page, relative to the results directory; null when no page exists
     * @param abReference the reference build (A) an A/B test compared with, described; null unless A/B
     * @param p99         the p99 of the latency the workload model makes meaningful, labelled:
     *                    {@code "930.6 ms response"} in the open model (from each arrival's intended
     *                    start, so queueing behind a stalled server counts), {@code "32.6 ms service"}
     *                    in the closed one
     */
    public record Row(
            String testName,
            String href,
            Status status,
            boolean partial,
            String abReference,
            String started,
            String duration,
            String p99,
            String throughput,
            String errorRatio,
            int failing,
            int warning,
            TestOutcome outcome,
            HealthView health) {

        /** True for an A/B comparison. */
        public boolean ab() {
            return abReference != null;
        }
    }

    /** A file that could not be read, and why. */
    public record Problem(String file, String reason) {}

    public boolean hasRows() {
        return !rows.isEmpty();
    }

    public boolean hasUnreadable() {
        return !unreadable.isEmpty();
    }

    /** A row for one outcome; {@code href} may be null. */
    public static Row row(TestOutcome outcome, String href) {
        RunResult r = outcome.result();
        String p99 = p99(r);
        int failing = outcome.verdict() == null
                ? 0
                : outcome.verdict().metricsWithStatus(VerdictStatus.FAIL).size();
        int warning = outcome.verdict() == null
                ? 0
                : outcome.verdict().metricsWithStatus(VerdictStatus.WARN).size();
        String abReference = outcome.comparison() == null
                ? null
                : AbSection.description(outcome.comparison().reference().target());
        return new Row(
                r.testName(),
                href,
                Status.of(outcome),
                r.partial(),
                abReference,
                Format.time(r.startedAtEpochMillis()),
                r.finishedAtEpochMillis() > 0
                        ? Format.duration(r.finishedAtEpochMillis() - r.startedAtEpochMillis())
                        : Format.NONE,
                p99,
                r.throughput() == null
                        ? Format.NONE
                        : Format.number(r.throughput().throughputPerSecond()) + " /s",
                r.errors() == null
                        ? Format.NONE
                        : Format.percentOfRatio(r.errors().errorRatio()),
                failing,
                warning,
                outcome,
                HealthView.of(r.health()));
    }

    /** The p99 the row shows: response time in the open model, service time otherwise; labelled. */
    private static String p99(RunResult r) {
        LatencySummary response = r.latency(RunResult.RESPONSE_TIME);
        boolean open = r.plan() != null && "open".equals(r.plan().workloadModel());
        if (open && response != null && response.count() > 0) {
            return Format.millis(response.p99Nanos()) + " ms response";
        }
        LatencySummary service = r.latency(RunResult.SERVICE_TIME);
        return service == null || service.count() == 0
                ? Format.NONE
                : Format.millis(service.p99Nanos()) + " ms service";
    }

    /** "4 tests: 1 FAIL, 1 WARN, 2 PASS" (counts of each overall status, worst first). */
    public static String totals(List<Row> rows) {
        Map<VerdictStatus, Integer> counts = new EnumMap<>(VerdictStatus.class);
        int notJudged = 0;
        for (Row row : rows) {
            if (row.outcome().verdict() == null) {
                notJudged++;
            } else {
                counts.merge(row.outcome().verdict().overall(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        VerdictStatus[] worstFirst = VerdictStatus.values();
        for (int i = worstFirst.length - 1; i >= 0; i--) {
            Integer n = counts.get(worstFirst[i]);
            if (n != null) {
                parts.add(n + " " + Status.of(worstFirst[i]).label());
            }
        }
        if (notJudged > 0) {
            parts.add(notJudged + " NOT JUDGED");
        }
        String head = rows.size() == 1 ? "1 test" : rows.size() + " tests";
        return parts.isEmpty() ? head : head + ": " + String.join(", ", parts);
    }
}
