package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.config.Settings;
import dev.speechload.core.io.internal.WriterLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's claim on its result file ({@code results/<stem>.json}) for the whole test: from before
 * its target is used to after its report is written. A second run of the same test into the same
 * results directory (another JVM, or a parallel thread) fails at once, before it sends any load,
 * naming the directory and the run that holds it: both runs would otherwise overwrite each other's
 * files, and each would measure its server while the other loads the machine. Kept in the method
 * store, so JUnit releases it when the test ends. Not API.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit versions before 5.13 closing it too.
final class ResultClaim implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final WriterLock lock;

    private ResultClaim(WriterLock lock) {
        this.lock = lock;
    }

    /** @throws IllegalStateException naming the file and the other run when it is claimed already */
    static ResultClaim acquire(String testName, Settings settings) {
        Path file = ResultFiles.file(settings.resultsDir(), testName);
        try {
            return new ResultClaim(WriterLock.acquire(
                    file,
                    "the load test " + testName,
                    "Wait for that run to end, or give this one its own results directory: -D" + Settings.RESULTS_DIR
                            + "=<dir>"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + file + " for " + testName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
