package dev.speechload.core.report.internal;

import java.util.List;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.VerdictStatus;

/**
 * {@code results/summary.md}: GitHub-flavoured markdown for {@code $GITHUB_STEP_SUMMARY}. A table
 * of tests with their verdicts, then every failing and warning metric, then unreadable files.
 * Every text from a test passes through {@link Escape#markdown}. Stateless and thread-safe.
 */
public final class SummaryMarkdown {

    private SummaryMarkdown() {
    }

    public static String render(IndexPage page) {
        StringBuilder md = new StringBuilder(4096);
        md.append("## speechload load tests\n\n");
        md.append("**").append(Escape.markdown(page.totals())).append("**\n\n");
        if (!page.rows().isEmpty()) {
            md.append("| Test | Verdict | Health | p99 service time | Throughput | Error ratio | Failing | Warnings |\n");
            md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
            for (IndexPage.Row row : page.rows()) {
                md.append("| ").append(Escape.markdown(row.testName()))
                        .append(row.partial() ? " (partial)" : "")
                        .append(" | ").append(icon(row.status())).append(row.status().label())
                        .append(" | ").append(Escape.markdown(row.health().word()))
                        .append(" | ").append(row.serviceP99())
                        .append(" | ").append(row.throughput())
                        .append(" | ").append(row.errorRatio())
                        .append(" | ").append(row.failing())
                        .append(" | ").append(row.warning())
                        .append(" |\n");
            }
            md.append('\n');
        }
        metrics(md, page, VerdictStatus.FAIL, "Failing metrics");
        metrics(md, page, VerdictStatus.INCONCLUSIVE, "Inconclusive metrics (not judged)");
        metrics(md, page, VerdictStatus.WARN, "Warnings");
        health(md, page);
        if (page.hasUnreadable()) {
            md.append("### Unreadable result files\n\n");
            for (IndexPage.Problem p : page.unreadable()) {
                md.append("- ").append(Escape.markdown(p.file())).append(": ").append(Escape.markdown(p.reason()))
                        .append('\n');
            }
            md.append('\n');
        }
        return md.toString();
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
            md.append("- ").append(Escape.markdown(row.testName())).append(": ")
                    .append(Escape.markdown(row.health().oneLine())).append('\n');
        }
        if (any) {
            md.append('\n');
        }
    }

    private static void metrics(StringBuilder md, IndexPage page, VerdictStatus status, String heading) {
        boolean any = false;
        for (IndexPage.Row row : page.rows()) {
            if (row.outcome().verdict() == null) {
                continue;
            }
            List<MetricVerdict> metrics = row.outcome().verdict().withStatus(status);
            for (MetricVerdict m : metrics) {
                if (!any) {
                    md.append("### ").append(heading).append("\n\n");
                    md.append("| Test | Metric | Baseline | Current | Delta | Threshold | Reason |\n");
                    md.append("|---|---|---:|---:|---:|---|---|\n");
                    any = true;
                }
                md.append("| ").append(Escape.markdown(row.testName()))
                        .append(" | ").append(Escape.markdown(m.metric()))
                        .append(" | ").append(Escape.markdown(Format.metricValue(m.baselineValue(), m.unit())))
                        .append(" | ").append(Escape.markdown(Format.metricValue(m.currentValue(), m.unit())))
                        .append(" | ").append(Format.deltaPercent(m.deltaPercent()))
                        .append(" | ").append(Escape.markdown(m.threshold()))
                        .append(" | ").append(Escape.markdown(m.reason()))
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
