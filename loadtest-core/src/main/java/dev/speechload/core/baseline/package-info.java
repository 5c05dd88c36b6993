/**
 * Baselines (git-tracked JSON, one per test), thresholds, and the verdicts that compare a run
 * with its baseline. Judging is a pure function of records: no I/O.
 *
 * <p>Entry points: {@link dev.speechload.core.baseline.Verdicts#judge} (run + optional baseline +
 * {@link dev.speechload.core.baseline.Thresholds} to a {@link dev.speechload.core.baseline.Verdict}),
 * {@link dev.speechload.core.baseline.BaselineStore} (find, write, promote),
 * {@link dev.speechload.core.baseline.Baseline#from}, {@link dev.speechload.core.baseline.VerdictMessages}
 * and {@link dev.speechload.core.baseline.ResultFiles} (the one reader and writer of result files).
 * The file format, the rules and the trial
 * method are described in {@code docs/baselines.md}.
 */
package dev.speechload.core.baseline;
