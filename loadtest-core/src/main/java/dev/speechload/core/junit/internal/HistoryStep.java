package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.config.Settings;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.HistoryException;
import dev.speechload.core.report.TrendReports;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a run's files: appends it to the run history; and, once the test run ends
 * ({@link RunReportsAtEnd}), redraws the trend pages ({@code results/trends.html}). Neither ever
 * fails the test, except a history that {@code loadtest.history=required} needs and cannot be
 * written. Stateless; not API.
 */
final class HistoryStep {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStep.class);

    private HistoryStep() {}

    /** @return the failure the test must show, else empty */
    static Optional<HistoryException> record(RunResult result, Verdict verdict, Settings settings) {
        return Histories.append(result, verdict, settings);
    }

    /**
     * Whether a finished test adds to the history, and so to the trend pages: not when the history
     * is off, nor a partial run, nor one shard's run (its merge will).
     */
    static boolean adds(RunResult result, Settings settings) {
        return Histories.keeps(result, settings);
    }

    /**
     * Redraws every test's trend page from the history. Done once per test run, not after each
     * test: each page runs the change-point method over every watched metric of its test, about
     * 2 s for 13 tests on a 2-core machine (HistoryBench), which after every test made a suite's
     * history cost grow with the square of its tests.
     */
    static void writeTrendPages(Settings settings) {
        try {
            TrendReports.write(
                    Histories.open(settings),
                    settings.resultsDir(),
                    settings.baselinesDir(),
                    TrendReports.commitUrl(System.getenv()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("the trend pages in {} were not written: {}", settings.resultsDir(), e.getMessage());
        }
    }
}
