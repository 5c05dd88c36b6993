package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Settings;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Redraws the trend pages once when the test run ends (JUnit closes the root store's resources
 * then), for a run in which at least one test added to the history. Not API.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit versions before 5.13 closing it too.
final class TrendPagesAtEnd implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final Settings settings;

    TrendPagesAtEnd(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void close() {
        HistoryStep.writeTrendPages(settings);
    }
}
