package dev.speechload.core.junit;

import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.internal.ResultFiles;
import dev.speechload.core.result.RunResult;

/**
 * What happens to a finished run after its test method: the one seam where results are written
 * and, later, compared with baselines, judged and reported. Called once per {@link LoadTest}
 * that ran its plan, on the test thread, even when the method failed afterwards. Throwing an
 * {@link AssertionError} fails the test.
 */
@FunctionalInterface
public interface RunFinisher {

    /** Handles {@code result} (final, {@code partial = false}). */
    void finish(RunResult result, Settings settings) throws Exception;

    /** The default: writes {@code <resultsDir>/<testName>.json} atomically, nothing else. */
    static RunFinisher writeJson() {
        return (result, settings) -> ResultFiles.write(settings.resultsDir(), result);
    }
}
