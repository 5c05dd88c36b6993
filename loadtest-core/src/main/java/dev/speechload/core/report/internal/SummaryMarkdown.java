package dev.speechload.core.report.internal;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.result.Comparison;
import java.util.List;

/**
 * {@code results/summary.md}: GitHub-flavoured markdown for {@code $GITHUB_STEP_SUMMARY}. A table
 * of tests with their verdicts, a line per A/B comparison with its paired changes, then every
 * failing and warning metric, then unreadable files. Every text from a test passes through
 * {@link Escape#markdown}. Stateless and thread-safe.
 */
public final class SummaryMarkdown {

    private SummaryMarkdown() {}

    public static String render(IndexPage page) {
        StringBuilder md = new StringBuilder(4096);
        md.append("## speechload load tests\n\n");
        md.append("**").append(Escape.markdown(page.totals())).append("**\n\n");
        if (!page.rows().isEmpty()) {
            md.append("| Test | Verdict | Health | p99 latency | Throughput | Error ratio | Failing | Warnings |\n");
            md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
            for (IndexPage.Row row : page.rows()) {
                md.append("| ")
                        .append(testCell(row))
                        .append(row.partial() ? " (partial)" : "")
                        .append(" | ")
                        .append(icon(row.status()))
                        .append(row.status().label())
                        .append(" | ")
                        .append(Escape.markdown(row.health().word()))
                        .append(" | ")
                        .append(row.p99())
                        .append(" | ")
                        .append(row.throughput())
                        .append(" | ")
                        .append(row.errorRatio())
                        .append(" | ")
                        .append(row.failing())
                        .append(" | ")
                        .append(row.warning())
                        .append(" |\n");
            }
            md.append('\n');
        }
        comparisons(md, page);
        metrics(md, page, VerdictStatus.FAIL, "Failing metrics");
        metrics(md, page, VerdictStatus.INCONCLUSIVE, "Inconclusive metrics (not judged)");
        metrics(md, page, VerdictStatus.WARN, "Warnings");
        health(md, page);
        if (page.hasUnreadable()) {
            md.append("### Unreadable result files\n\n");
            for (IndexPage.Problem p : page.unreadable()) {
                md.append("- ")
                        .append(Escape.markdown(p.file()))
                        .append(": ")
                        .append(Escape.markdown(p.reason()))
                        .append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    /**
     * One line per A/B test: its verdict, what B was compared with, and every judged metric's
     * paired change B/A with its interval.
     */
    private static void comparisons(StringBuilder md, IndexPage page) {
        List<IndexPage.Row> abRows =
                page.rows().stream().filter(IndexPage.Row::ab).toList();
        if (abRows.isEmpty()) {
            return;
        }
        md.append("### A/B comparisons (change of B against A)\n\n");
        for (IndexPage.Row row : abRows) {
            Comparison c = row.outcome().comparison();
            md.append("- ")
                    .append(Escape.markdown(row.testName()))
                    .append(", A/B vs ")
                    .append(Escape.markdown(row.abReference()))
                    .append(" in ")
                    .append(c.pairs())
                    .append(c.pairs() == 1 ? " pair: " : " pairs: ")
                    .append(icon(row.status()))
                    .append(row.status().label())
                    .append(". ");
            List<PairedChange> changes =
                    PairedChange.of(c.figures(), row.outcome().verdict());
            md.append(
                    changes.isEmpty()
                            ? "no metric was judged pair by pair"
                            : String.join(
                                    "; ",
                                    changes.stream().map(PairedChange::markdown).toList()));
            md.append('\n');
        }
        md.append('\n');
    }

    /** The test's name, marked when it is an A/B comparison: its figures and verdict are then B's against A. */
    private static String testCell(IndexPage.Row row) {
        return Escape.markdown(row.testName()) + (row.ab() ? " (A/B)" : "");
    }

    /** Every test whose measurement was not healthy, with the reason: the first thing to read on a red page. */
    private static void health(StringBuilder md, IndexPage page) {
        boolean any = false;
        for (IndexPage.Row row : page.rows()) {
            if (!row.health().concern()) {
                continue;
            }
            if (!any) {
                md.append("### Measurement health\n\n");
                any = true;
            }
            md.append("- ")
                    .append(Escape.markdown(row.testName()))
                    .append(": ")
                    .append(Escape.markdown(row.health().oneLine()))
                    .append('\n');
        }
        if (any) {
            md.append('\n');
        }
    }

    private static void metrics(StringBuilder md, IndexPage page, VerdictStatus status, String heading) {
        boolean any = false;
        // An A/B test's line compares B with A, in the same columns a baseline's line would use.
        boolean anyAb = page.rows().stream().anyMatch(IndexPage.Row::ab);
        for (IndexPage.Row row : page.rows()) {
            if (row.outcome().verdict() == null) {
                continue;
            }
            List<MetricVerdict> metrics = row.outcome().verdict().metricsWithStatus(status);
            for (MetricVerdict m : metrics) {
                if (!any) {
                    md.append("### ").append(heading).append("\n\n");
                    md.append(
                            anyAb
                                    ? "| Test | Metric | Baseline or A | Current or B | Delta | Threshold | Reason |\n"
                                    : "| Test | Metric | Baseline | Current | Delta | Threshold | Reason |\n");
                    md.append("|---|---|---:|---:|---:|---|---|\n");
                    any = true;
                }
                md.append("| ")
                        .append(testCell(row))
                        .append(" | ")
                        .append(Escape.markdown(m.metric()))
                        .append(" | ")
                        .append(Escape.markdown(Format.metricValue(m.baselineValue(), m.unit())))
                        .append(" | ")
                        .append(Escape.markdown(Format.metricValue(m.currentValue(), m.unit())))
                        .append(" | ")
                        .append(Format.deltaPercent(m.deltaPercent()))
                        .append(" | ")
                        .append(Escape.markdown(m.threshold()))
                        .append(" | ")
                        .append(Escape.markdown(m.reason()))
                        .append(" |\n");
            }
        }
        if (any) {
            md.append('\n');
        }
    }

    private static String icon(Status status) {
        return switch (status.cssClass()) {
            case "pass" -> "\u2705 ";
            case "warn" -> "\u26a0\ufe0f ";
            case "fail" -> "\u274c ";
            case "inconclusive" -> "\u2754 ";
            default -> "";
        };
    }
}
