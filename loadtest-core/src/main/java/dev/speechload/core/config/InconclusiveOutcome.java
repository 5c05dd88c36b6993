package dev.speechload.core.config;

/**
 * What an INCONCLUSIVE verdict (a measurement the toolkit could not trust, such as one taken on a
 * machine busy with other work) does to a JUnit test: {@code loadtest.inconclusive}.
 */
public enum InconclusiveOutcome {
    /** The default: the test is aborted with the reason, so it shows as skipped, neither green nor red. */
    ABORT,
    /** The test fails with the reason (for gates that must never let an unjudged change through). */
    FAIL,
    /** The test passes; the verdict and its reason stay in the report. */
    PASS
}
