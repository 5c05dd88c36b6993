package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * What happens after a {@link LoadTest} method, through the real engine: baselines recorded or
 * judged, reports written, FAIL verdicts failing the test. The scenarios sleep: a fast run sleeps
 * {@value #FAST_MILLIS} ms per iteration, a slow one {@value #SLOW_MILLIS} ms, a gap no scheduler
 * hiccup on a loaded machine closes (the fast p99 would have to exceed 100 ms to hide it). Where
 * two fast runs are compared, whose verdict hiccups could tip, the test asserts the verdict's
 * content, not its status.
 */
@DisplayName("@LoadTest baselines, verdicts and reports")
class LoadTestVerdictsTests {

    static final long FAST_MILLIS = 2;
    static final long SLOW_MILLIS = 150;
    /** Milliseconds each iteration of the fixtures sleeps; set before each engine run. */
    static volatile long sleepMillis = FAST_MILLIS;

    @TempDir
    Path dir;
    Path results;
    Path baselines;

    @BeforeEach
    void dirs() {
        results = dir.resolve("results");
        baselines = dir.resolve("baselines");
        sleepMillis = FAST_MILLIS;
    }

    @Test
    void writesBaselineOnlyWhenUpdateRequestedAndDoesNotJudgeThatRun() throws IOException {
        execute(RegressionTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"))
                .testEvents().assertStatistics(s -> s.succeeded(1));

        Baseline baseline = new BaselineStore(baselines).find("RegressionTestCase.run").orElseThrow();
        assertThat(baseline.latencies()).containsKey(RunResult.SERVICE_TIME);
        TestOutcome outcome = Reporters.read(results.resolve("RegressionTestCase.run.json"));
        assertThat(outcome.verdict().metrics()).isEmpty();
        assertThat(outcome.verdict().notes()).singleElement().asString()
                .startsWith("Recorded as the new baseline (loadtest.updateBaseline=true)").endsWith("not judged");
    }

    @Test
    void judgesALaterRunAgainstTheRecordedBaselineAndWritesReportsAndIndex() throws IOException {
        execute(RegressionTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"));
        execute(RegressionTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"))
                .testEvents().assertStatistics(s -> s.succeeded(1));

        TestOutcome outcome = Reporters.read(results.resolve("RegressionTestCase.run.json"));
        assertThat(outcome.verdict().baselineFound()).isTrue();
        assertThat(outcome.verdict().metrics()).extracting(m -> m.metric())
                .contains("latency.service_time.p99", "throughput", "errors.ratio");
        assertThat(outcome.baseline().timestampEpochMillis()).isPositive();
        assertThat(outcome.baseline().histograms()).containsKey(RunResult.SERVICE_TIME);
        assertThat(results.resolve("RegressionTestCase.run.html")).isRegularFile();
        assertThat(Files.readString(results.resolve("index.html")))
                .contains("<a href=\"RegressionTestCase.run.html\">RegressionTestCase.run</a>");
        assertThat(Files.readString(results.resolve("summary.md"))).contains("RegressionTestCase.run");
    }

    @Test
    void failsARegressedRunNamingTheMetricWhenFailOnRegressionIsOn() throws IOException {
        execute(RegressionTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"));
        sleepMillis = SLOW_MILLIS;
        EngineExecutionResults r = execute(RegressionTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable t = failure(r);
        assertThat(t).isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("RegressionTestCase.run regressed against its baseline (")
                .hasMessageContaining("\n  - latency.service_time.p99: ")
                .hasMessageContaining("If the change is intended, record a new baseline: -Dloadtest.updateBaseline=true");
        TestOutcome outcome = Reporters.read(results.resolve("RegressionTestCase.run.json"));
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(results.resolve("RegressionTestCase.run.html")).isRegularFile();
    }

    @Test
    void reportsButDoesNotFailARegressionWhenFailOnRegressionIsOff() throws IOException {
        execute(RegressionTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"));
        sleepMillis = SLOW_MILLIS;
        execute(RegressionTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"))
                .testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(Reporters.read(results.resolve("RegressionTestCase.run.json")).verdict().overall())
                .isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void aWarningNeverFailsTheTest() throws IOException {
        execute(WarnOnlyTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"));
        sleepMillis = SLOW_MILLIS;
        execute(WarnOnlyTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        Verdict verdict = Reporters.read(results.resolve("WarnOnlyTestCase.run.json")).verdict();
        // 50 values: judged at p90 (WARN); the p99 line is INCONCLUSIVE (too few values for a p99)
        assertThat(verdict.overall()).isEqualTo(VerdictStatus.INCONCLUSIVE);
        assertThat(verdict.withStatus(VerdictStatus.WARN)).extracting(m -> m.metric())
                .contains("latency.service_time.p90");
    }

    @Test
    void aBrokenBaselineFailsNamingTheFileAfterTheResultAndReportAreWritten() throws IOException {
        Path broken = baselines.resolve("RegressionTestCase.run.json");
        Files.createDirectories(baselines);
        Files.writeString(broken, "{\"schemaVersion\": 1, \"testName\": ");

        EngineExecutionResults r = execute(RegressionTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r)).hasMessageStartingWith(broken + ": not valid JSON");
        assertThat(Reporters.read(results.resolve("RegressionTestCase.run.json")).result().testName())
                .isEqualTo("RegressionTestCase.run");
        assertThat(results.resolve("RegressionTestCase.run.html")).isRegularFile();
        assertThat(results.resolve("index.html")).isRegularFile();
    }

    @Test
    void runsEveryTrialAtSmokeScaleAndJudgesOnTheTrialsSpread() throws IOException {
        execute(TrialsTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"))
                .testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(new BaselineStore(baselines).find("TrialsTestCase.run").orElseThrow().trials()).hasSize(3);

        execute(TrialsTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"))
                .testEvents().assertStatistics(s -> s.succeeded(1));
        TestOutcome outcome = Reporters.read(results.resolve("TrialsTestCase.run.json"));
        assertThat(outcome.result().plan().scale()).isEqualTo("smoke");
        assertThat(outcome.result().trials()).hasSize(3);
        // 40 values a trial support a p90, not a p99
        assertThat(outcome.verdict().metrics()).filteredOn(m -> m.metric().equals("latency.service_time.p90"))
                .singleElement().satisfies(m -> assertThat(m.reason()).contains("median of 3 vs 3 trials"));
    }

    @Test
    void aTestCanRecordABaselineAndJudgeASecondRunAgainstItInOneMethod() {
        InTestJudgingTestCase.verdict.set(null);
        execute(InTestJudgingTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        Verdict verdict = InTestJudgingTestCase.verdict.get();
        assertThat(verdict.overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(verdict.withStatus(VerdictStatus.FAIL)).extracting(m -> m.metric())
                .contains("latency.service_time.p90"); // 50 values: judged at p90
        assertThat(baselines.resolve("InTestJudgingTestCase.run.json")).as("judge() writes nothing").doesNotExist();
    }

    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(Settings.RESULTS_DIR, results.toString());
        all.put(Settings.BASELINES_DIR, baselines.toString());
        all.putAll(parameters);
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase));
        all.forEach(kit::configurationParameter);
        return kit.execute();
    }

    private static Throwable failure(EngineExecutionResults r) {
        return r.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    static void sleep() throws InterruptedException {
        Thread.sleep(sleepMillis);
    }

    static class RegressionTestCase {
        @LoadTest(channels = 5, iterations = 10, smokeFactor = 1, latencyFloor = "20ms")
        void run(LoadContext load) throws Exception {
            load.run(iteration -> sleep());
        }
    }

    static class WarnOnlyTestCase {
        @LoadTest(channels = 5, iterations = 10, smokeFactor = 1, p99WarnPercent = 50, p99FailPercent = 1_000_000)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> sleep());
        }
    }

    static class TrialsTestCase {
        @LoadTest(channels = 1, iterations = 40, smokeFactor = 1, trials = 3, smokeTrials = 3)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> sleep());
        }
    }

    static class InTestJudgingTestCase {
        static final AtomicReference<Verdict> verdict = new AtomicReference<>();

        @LoadTest(channels = 5, iterations = 10, smokeFactor = 1)
        void run(LoadContext load) throws Exception {
            RunResult fast = load.run(iteration -> Thread.sleep(FAST_MILLIS));
            RunResult slow = load.run(iteration -> Thread.sleep(SLOW_MILLIS));
            verdict.set(load.judge(slow, Baseline.from(fast)));
        }
    }
}
