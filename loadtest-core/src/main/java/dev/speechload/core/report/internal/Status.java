package dev.speechload.core.report.internal;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.report.TestOutcome;

/**
 * How a verdict status is shown: its label and the CSS class that colours it.
 *
 * @param label    "PASS", "WARN", "FAIL", "INCONCLUSIVE", "NO BASELINE", "NOT JUDGED" or "BASELINE UNREADABLE"
 * @param cssClass "pass", "warn", "fail", "inconclusive", "nobase" or "none"
 */
public record Status(String label, String cssClass) {

    public static Status of(VerdictStatus status) {
        if (status == null) {
            return new Status("NOT JUDGED", "none");
        }
        return switch (status) {
            case PASS -> new Status("PASS", "pass");
            case WARN -> new Status("WARN", "warn");
            case FAIL -> new Status("FAIL", "fail");
            case NO_BASELINE -> new Status("NO BASELINE", "nobase");
            case INCONCLUSIVE -> new Status("INCONCLUSIVE", "inconclusive");
        };
    }

    public static Status of(Verdict verdict) {
        return of(verdict == null ? null : verdict.overall());
    }

    /** The outcome's verdict, or "BASELINE UNREADABLE" when its baseline file could not be read. */
    public static Status of(TestOutcome outcome) {
        if (outcome.verdict() == null && outcome.baselineProblem() != null) {
            return new Status("BASELINE UNREADABLE", "fail");
        }
        return of(outcome.verdict());
    }
}
