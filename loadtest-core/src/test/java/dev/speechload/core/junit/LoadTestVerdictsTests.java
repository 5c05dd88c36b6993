package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

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
        record(RegressionTestCase.class);

        Baseline baseline =
                new BaselineStore(baselines).find("RegressionTestCase.run").orElseThrow();
        assertThat(baseline.latencies()).containsKey(RunResult.SERVICE_TIME);
        TestOutcome outcome = Reporters.read(results.resolve("RegressionTestCase.run.json"));
        assertThat(outcome.verdict().metrics()).isEmpty();
        assertThat(outcome.verdict().notes())
                .singleElement()
                .asString()
                .startsWith("Recorded as the new baseline (loadtest.updateBaseline=true)")
                .endsWith("not judged");
    }

    @Test
    void judgesALaterRunAgainstTheRecordedBaselineAndWritesReportsAndIndex() throws IOException {
        record(RegressionTestCase.class);
        EngineExecutionResults r = execute(RegressionTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"));
        abortIfCompromised("RegressionTestCase.run");
        r.testEvents().assertStatistics(s -> s.succeeded(1));

        TestOutcome outcome = Reporters.read(results.resolve("RegressionTestCase.run.json"));
        assertThat(outcome.verdict().baselineFound()).isTrue();
        assertThat(outcome.verdict().metrics())
                .extracting(m -> m.metric())
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
        record(RegressionTestCase.class);
        sleepMillis = SLOW_MILLIS;
        EngineExecutionResults r = execute(RegressionTestCase.class, Map.of());

        abortIfCompromised("RegressionTestCase.run");
        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable t = failure(r);
        assertThat(t)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("RegressionTestCase.run regressed against its baseline (")
                .hasMessageContaining("\n  - latency.service_time.p90: ")
                .hasMessageContaining(
                        "If the change is intended, record a new baseline: -Dloadtest.updateBaseline=true");
        TestOutcome outcome = Reporters.read(results.resolve("RegressionTestCase.run.json"));
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(results.resolve("RegressionTestCase.run.html")).isRegularFile();
    }

    @Test
    void reportsButDoesNotFailARegressionWhenFailOnRegressionIsOff() throws IOException {
        record(RegressionTestCase.class);
        sleepMillis = SLOW_MILLIS;
        execute(RegressionTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"));

        abortIfCompromised("RegressionTestCase.run");
        assertThat(Reporters.read(results.resolve("RegressionTestCase.run.json"))
                        .verdict()
                        .overall())
                .isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void aWarningNeverFailsTheTest() throws IOException {
        record(WarnOnlyTestCase.class);
        sleepMillis = SLOW_MILLIS;
        EngineExecutionResults r = execute(WarnOnlyTestCase.class, Map.of());
        abortIfCompromised("WarnOnlyTestCase.run");
        r.testEvents().assertStatistics(s -> s.succeeded(1));

        Verdict verdict =
                Reporters.read(results.resolve("WarnOnlyTestCase.run.json")).verdict();
        // 50 values: judged at p90 (WARN); the p99 line is reported (too few values for a p99)
        assertThat(verdict.overall()).isEqualTo(VerdictStatus.WARN);
        assertThat(verdict.metricsWithStatus(VerdictStatus.WARN))
                .extracting(m -> m.metric())
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
        assertThat(Reporters.read(results.resolve("RegressionTestCase.run.json"))
                        .result()
                        .testName())
                .isEqualTo("RegressionTestCase.run");
        assertThat(results.resolve("RegressionTestCase.run.html")).isRegularFile();
        assertThat(results.resolve("index.html")).isRegularFile();
    }

    @Test
    void thePageOfATestWithABrokenBaselineNamesTheFileAndTheProblemInsteadOfSayingNone() throws IOException {
        Path broken = baselines.resolve("RegressionTestCase.run.json");
        Files.createDirectories(baselines);
        Files.writeString(broken, "{\"schemaVersion\": 1, \"testName\": ");

        execute(RegressionTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.failed(1));

        String page = Files.readString(results.resolve("RegressionTestCase.run.html"));
        String said = "<dt>Baseline</dt><dd>" + broken + " is unreadable: not valid JSON";
        assertThat(page)
                .contains(said)
                .contains("fix or delete the file, or re-record it with the baseline update command")
                .contains("Not judged: the baseline file " + broken + " is unreadable")
                .contains("BASELINE UNREADABLE")
                .doesNotContain("<dt>Baseline</dt><dd>none</dd>");
        assertThat(Files.readString(results.resolve("index.html"))).contains("BASELINE UNREADABLE");
        assertThat(Files.readString(results.resolve("summary.md"))).contains("BASELINE UNREADABLE");
        // The report file keeps the problem, so 'speechload report' draws the same page again.
        assertThat(Reporters.read(results.resolve("RegressionTestCase.run.json"))
                        .baselineProblem())
                .satisfies(p -> {
                    assertThat(p.file()).isEqualTo(broken.toString());
                    assertThat(p.problem()).startsWith("not valid JSON");
                });
    }

    @Test
    void thePageOfATestWhoseBaselineIsADirectorySaysSoAndWhatToDo() throws IOException {
        Path dirInstead = baselines.resolve("RegressionTestCase.run.json");
        Files.createDirectories(dirInstead);

        execute(RegressionTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.failed(1));

        assertThat(Files.readString(results.resolve("RegressionTestCase.run.html")))
                .contains("<dt>Baseline</dt><dd>" + dirInstead + " is unreadable: is a directory where the test&#39;s"
                        + " baseline file belongs");
    }

    @Test
    void runsEveryTrialAtSmokeScaleAndJudgesOnTheTrialsSpread() throws IOException {
        record(TrialsTestCase.class);
        assertThat(new BaselineStore(baselines)
                        .find("TrialsTestCase.run")
                        .orElseThrow()
                        .trials())
                .hasSize(3);

        EngineExecutionResults r = execute(TrialsTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"));
        abortIfCompromised("TrialsTestCase.run");
        r.testEvents().assertStatistics(s -> s.succeeded(1));
        TestOutcome outcome = Reporters.read(results.resolve("TrialsTestCase.run.json"));
        assertThat(outcome.result().plan().scale()).isEqualTo("smoke");
        assertThat(outcome.result().trials()).hasSize(3);
        // 40 values a trial support a p90, not a p99
        assertThat(outcome.verdict().metrics())
                .filteredOn(m -> m.metric().equals("latency.service_time.p90"))
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).contains("median of 3 vs 3 trials"));
    }

    @Test
    void aTestCanRecordABaselineAndJudgeASecondRunAgainstItInOneMethod() throws IOException {
        InTestJudgingTestCase.verdict.set(null);
        EngineExecutionResults r = execute(InTestJudgingTestCase.class, Map.of());
        abortIfCompromised("InTestJudgingTestCase.run");
        r.testEvents().assertStatistics(s -> s.succeeded(1));

        Verdict verdict = InTestJudgingTestCase.verdict.get();
        assertThat(verdict.overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(verdict.metricsWithStatus(VerdictStatus.FAIL))
                .extracting(m -> m.metric())
                .contains("latency.service_time.p90"); // 50 values: judged at p90
        assertThat(baselines.resolve("InTestJudgingTestCase.run.json"))
                .as("judge() writes nothing")
                .doesNotExist();
    }

    @Test
    void aCompromisedMeasurementAbortsTheTestAsInconclusiveInsteadOfFailingIt() throws IOException {
        LaggingGeneratorTestCase.lagging = false;
        record(LaggingGeneratorTestCase.class);
        sleepMillis = SLOW_MILLIS;
        LaggingGeneratorTestCase.lagging = true;
        EngineExecutionResults r = execute(LaggingGeneratorTestCase.class, Map.of());

        // A regressed server (150 ms instead of 2 ms) measured by a generator that fell 80 ms behind
        // its plan: the toolkit cannot tell the two apart, so it neither fails nor passes the test.
        r.testEvents().assertStatistics(s -> s.aborted(1).failed(0).succeeded(0));
        Throwable t = r.testEvents().aborted().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(t)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith(
                        "LaggingGeneratorTestCase.run is INCONCLUSIVE: the measurement could not be trusted (")
                .hasMessageContaining("COMPROMISED")
                .hasMessageContaining("loadtest.inconclusive=abort|fail|pass");
        TestOutcome outcome = Reporters.read(results.resolve("LaggingGeneratorTestCase.run.json"));
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.INCONCLUSIVE);
        assertThat(outcome.result().health().status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(outcome.verdict().metricsWithStatus(VerdictStatus.FAIL)).isEmpty();
    }

    @Test
    void inconclusiveFailsOrPassesTheTestWhenTheSettingSaysSo() throws IOException {
        LaggingGeneratorTestCase.lagging = false;
        record(LaggingGeneratorTestCase.class);
        sleepMillis = SLOW_MILLIS;
        LaggingGeneratorTestCase.lagging = true;

        EngineExecutionResults failing = execute(LaggingGeneratorTestCase.class, Map.of(Settings.INCONCLUSIVE, "fail"));
        failing.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(failing)).isInstanceOf(AssertionFailedError.class).hasMessageContaining("INCONCLUSIVE");

        execute(LaggingGeneratorTestCase.class, Map.of(Settings.INCONCLUSIVE, "pass"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        assertThat(Reporters.read(results.resolve("LaggingGeneratorTestCase.run.json"))
                        .verdict()
                        .overall())
                .as("the report keeps the verdict")
                .isEqualTo(VerdictStatus.INCONCLUSIVE);
    }

    @Test
    void aCompromisedRunIsNotRecordedAsTheBaseline() {
        LaggingGeneratorTestCase.lagging = true;
        EngineExecutionResults r = execute(LaggingGeneratorTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"));

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r))
                .hasMessageContaining("LaggingGeneratorTestCase.run")
                .hasMessageContaining("COMPROMISED")
                .hasMessageContaining("cannot become a baseline");
        assertThat(baselines.resolve("LaggingGeneratorTestCase.run.json")).doesNotExist();
        assertThat(results.resolve("LaggingGeneratorTestCase.run.json"))
                .as("the result is kept")
                .isRegularFile();
    }

    @Test
    void baselineRunsAddRunsToTheBaselineAndKeepTheNewest() {
        record(RegressionTestCase.class);
        for (int i = 0; i < 3; i++) {
            record(RegressionTestCase.class, Map.of(Settings.BASELINE_RUNS, "2"));
        }

        assertThat(new BaselineStore(baselines)
                        .find("RegressionTestCase.run")
                        .orElseThrow()
                        .runs())
                .hasSize(2);
        record(RegressionTestCase.class);
        assertThat(new BaselineStore(baselines)
                        .find("RegressionTestCase.run")
                        .orElseThrow()
                        .runs())
                .as("baselineRuns=1 replaces")
                .hasSize(1);
    }

    /**
     * Records the test case's run as its baseline. The toolkit refuses a run it measured on a
     * machine so busy that the measurement was COMPROMISED: then there is nothing to test here now,
     * and the test is aborted with the reason rather than failed.
     */
    @Test
    void anOpenModelRunThatCouldNotDeliverItsArrivalsFailsAndNeverPasses() throws IOException {
        EngineExecutionResults r = execute(UndeliverableRateTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r).getMessage()).contains("arrivals.missed_ratio").contains("were not delivered");
        TestOutcome outcome = Reporters.read(results.resolve("UndeliverableRateTestCase.run.json"));
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(outcome.result().health().status()).isEqualTo(HealthStatus.COMPROMISED);
    }

    private void record(Class<?> testCase) {
        record(testCase, Map.of());
    }

    /** As {@link #record(Class)}, with more settings. */
    private void record(Class<?> testCase, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(Settings.UPDATE_BASELINE, "true");
        EngineExecutionResults r = execute(testCase, all);
        if (r.testEvents().failed().count() == 1
                && failure(r).getMessage() != null
                && failure(r).getMessage().contains("cannot become a baseline")) {
            Assumptions.abort("the machine is too busy to record a baseline: "
                    + failure(r).getMessage());
        }
        r.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    /** Aborts when the judged run's measurement was COMPROMISED: its verdict is then INCONCLUSIVE by design. */
    private void abortIfCompromised(String testName) throws IOException {
        RunResult result = Reporters.read(results.resolve(testName + ".json")).result();
        if (result.health() != null && result.health().status() == HealthStatus.COMPROMISED) {
            Assumptions.abort(
                    "the machine is too busy to judge: " + result.health().reason());
        }
    }

    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        return EngineRuns.execute(testCase, results, baselines, parameters);
    }

    private static Throwable failure(EngineExecutionResults r) {
        return EngineRuns.failure(r);
    }

    static void sleep() throws InterruptedException {
        Thread.sleep(sleepMillis);
    }

    /** One worker, 100 arrivals a second, 50 ms each: about half the arrivals can never start. */
    static class UndeliverableRateTestCase {
        @LoadTest(arrivalRate = 100, channels = 1, duration = "3s", sampleInterval = "200ms")
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(50));
        }
    }

    static class RegressionTestCase {
        @LoadTest(channels = 5, iterations = 10)
        @Smoke(factor = 1)
        @Regression(latencyFloor = "20ms")
        void run(LoadContext load) throws Exception {
            load.run(iteration -> sleep());
        }
    }

    /**
     * Like {@link RegressionTestCase}, but while {@link #lagging} is set its scenario reports, as the
     * generator's own figure, that it fell 80 ms behind its plan on every iteration.
     */
    static class LaggingGeneratorTestCase {
        static volatile boolean lagging;

        @LoadTest(channels = 5, iterations = 10)
        @Smoke(factor = 1)
        @Regression(latencyFloor = "20ms")
        void run(LoadContext load) throws Exception {
            load.run(new dev.speechload.core.engine.Scenario() {
                private dev.speechload.core.record.LatencyMetric lag;

                @Override
                public void setUp(dev.speechload.core.engine.ScenarioContext context) {
                    lag = context.generatorLatency("pacing_lag", "how late a send left its plan");
                }

                @Override
                public void run(dev.speechload.core.engine.Iteration iteration) throws InterruptedException {
                    if (lagging) {
                        iteration.record(lag, 80_000_000L);
                    }
                    sleep();
                }
            });
        }
    }

    static class WarnOnlyTestCase {
        @LoadTest(channels = 5, iterations = 10)
        @Smoke(factor = 1)
        @Regression(p99WarnPercent = 50, p99FailPercent = 1_000_000)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> sleep());
        }
    }

    static class TrialsTestCase {
        @LoadTest(channels = 1, iterations = 40, trials = 3)
        @Smoke(factor = 1, trials = 3)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> sleep());
        }
    }

    static class InTestJudgingTestCase {
        static final AtomicReference<Verdict> verdict = new AtomicReference<>();

        @LoadTest(channels = 5, iterations = 10)
        @Smoke(factor = 1)
        void run(LoadContext load, LoadJudge judge) throws Exception {
            RunResult fast = load.run(iteration -> Thread.sleep(FAST_MILLIS));
            RunResult slow = load.run(iteration -> Thread.sleep(SLOW_MILLIS));
            verdict.set(judge.judge(slow, Baseline.from(fast)));
        }
    }
}
