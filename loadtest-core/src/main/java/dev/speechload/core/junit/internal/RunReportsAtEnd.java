package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Settings;
import dev.speechload.core.report.Reporters;
import java.io.IOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the reports that cover a whole JUnit run once, when it ends (JUnit closes the root store's
 * resources then): the index ({@code index.html}, {@code summary.md}) over the results directory,
 * then, when a test of the run added to the history, the trend pages. Writing the index after every
 * test re-read every result file each time; a run that is killed leaves its per-test pages and
 * result files, from which {@code speechload report} rebuilds the index. Neither failure fails a
 * test: each is logged with what to do. Thread-safe; not API.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit versions before 5.13 closing it too.
final class RunReportsAtEnd implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunReportsAtEnd.class);

    private final Settings settings;
    private volatile boolean trendPages;

    RunReportsAtEnd(Settings settings) {
        this.settings = settings;
    }

    /** The trend pages are redrawn at the end too: a test of this run added to the history. */
    void addTrendPages() {
        trendPages = true;
    }

    @Override
    public void close() {
        try {
            Reporters.writeIndex(settings.resultsDir());
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "the results index in {} was not written: {} — rebuild it with: speechload report --results {}",
                    settings.resultsDir(),
                    e.getMessage(),
                    settings.resultsDir());
        }
        if (trendPages) {
            HistoryStep.writeTrendPages(settings);
        }
    }
}
