package dev.speechload.core.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs a {@code *TestCase} fixture class through the real Jupiter engine, as the extension's tests do. */
final class EngineRuns {

    private EngineRuns() {}

    /** Runs {@code testCase} writing into {@code results} and {@code baselines}, with {@code parameters} on top. */
    static EngineExecutionResults execute(
            Class<?> testCase, Path results, Path baselines, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(Settings.RESULTS_DIR, results.toString());
        all.put(Settings.BASELINES_DIR, baselines.toString());
        all.putAll(parameters);
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase));
        all.forEach(kit::configurationParameter);
        return kit.execute();
    }

    /** What the first failed test threw. */
    static Throwable failure(EngineExecutionResults r) {
        return r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
    }
}
