package dev.speechload.core.history;

/**
 * Where one figure of one test shifted: the first run after the shift, its commit, and the size and
 * confidence of the shift.
 *
 * @param runId                 the first run of the new level
 * @param gitCommit             that run's commit (the change came with it or with one since the run before), or null
 * @param previousGitCommit     the commit of the last run before the shift, or null
 * @param meanBefore            the figure's mean from the previous change point (or the first run) to the shift
 * @param meanAfter             its mean from the shift to the next change point (or the last run)
 * @param pValue                the permutation test's p-value, 0..1
 */
public record ChangePoint(
        String testName,
        String metric,
        long runId,
        long startedAtEpochMillis,
        String gitCommit,
        String previousGitCommit,
        double meanBefore,
        double meanAfter,
        double pValue) {

    /** The shift relative to the level before: (after - before) / before; infinite when before was 0. */
    public double shiftRatio() {
        return meanBefore == 0
                ? (meanAfter == 0 ? 0 : Double.POSITIVE_INFINITY * Math.signum(meanAfter))
                : (meanAfter - meanBefore) / Math.abs(meanBefore);
    }

    /** 1 - p: how sure the test is that the levels differ. */
    public double confidence() {
        return 1 - pValue;
    }
}
