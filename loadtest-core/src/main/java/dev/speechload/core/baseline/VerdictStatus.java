package dev.speechload.core.baseline;

/** The outcome for one metric or a whole test, ordered from best to worst. */
public enum VerdictStatus {
    /** Within thresholds (or the change is below the metric's noise floor). */
    PASS,
    /** No baseline value to compare with; hard limits (slope, error rate) were still checked. */
    NO_BASELINE,
    /** Worse than the warn threshold: reported, never fails a test. */
    WARN,
    /**
     * The measurement could not be trusted (its health was compromised, or the sample is too small
     * for the figure): neither PASS nor FAIL. Aborts a JUnit test unless {@code loadtest.inconclusive}
     * says otherwise.
     */
    INCONCLUSIVE,
    /** Worse than the fail threshold or a hard limit: fails the test when fail-on-regression is on. */
    FAIL;

    /** The worse of the two. */
    public VerdictStatus worst(VerdictStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
