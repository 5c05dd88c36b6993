package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.config.HistoryMode;
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
 * After a run's files: appends it to the run history and redraws the trend pages
 * ({@code results/trends.html}). Neither ever fails the test, except a history that
 * {@code loadtest.history=required} needs and cannot be written. Stateless; not API.
 */
final class HistoryStep {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStep.class);

    private HistoryStep() {
    }

    /** @return the failure the test must show, else empty */
    static Optional<HistoryException> record(RunResult result, Verdict verdict, Settings settings) {
        Optional<HistoryException> failure = Histories.append(result, verdict, settings);
        // A shard added nothing to the history (its merge will): no trend of its own to redraw either.
        if (settings.history() == HistoryMode.OFF || result.partial() || failure.isPresent()
                || Histories.isShard(result)) {
            return failure;
        }
        try {
            TrendReports.write(Histories.open(settings), settings.resultsDir(), settings.baselinesDir(),
                    TrendReports.commitUrl(System.getenv()));
        } catch (IOException | RuntimeException e) {
            // Already WARNed by the append when the history itself is unreachable; a page problem is said here.
            LOG.warn("the trend pages in {} were not written: {}", settings.resultsDir(), e.getMessage());
        }
        return Optional.empty();
    }
}
