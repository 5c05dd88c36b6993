package dev.speechload.core.junit;

import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.result.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The {@link LoadJudge} a {@link LoadTest} method may ask for beside its {@link LoadContext}, through
 * the real engine. The fixtures judge results built by {@code RunResultFixture} and run no load, so
 * every verdict here is decided by the rules alone. (A test that judges one of its own runs against
 * another is {@code LoadTestVerdictsTests#aTestCanRecordABaselineAndJudgeASecondRunAgainstItInOneMethod}.)
 */
@DisplayName("LoadJudge")
class LoadJudgeTests {

    @TempDir
    Path dir;

    Path baselines;

    @BeforeEach
    void clear() {
        baselines = dir.resolve("baselines");
        RulesTestCase.rules.set(null);
        StoredBaselineTestCase.judge.set(null);
    }

    @Test
    void givesALoadTestTheRulesOfItsRegressionAnnotationScaledByTheSetting() {
        execute(RulesTestCase.class, Map.of(Settings.REGRESSION_THRESHOLD, "10"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));

        Thresholds rules = RulesTestCase.rules.get();
        Thresholds scaled = Thresholds.defaults().scaledTo(10);
        assertThat(rules.latencyP99WarnPercent())
                .as("p99 warn level from @Regression, %")
                .isEqualTo(30.0);
        assertThat(rules.latencyP99FailPercent())
                .as("p99 fail level from @Regression, %")
                .isEqualTo(100.0);
        assertThat(rules.latencyFloorNanos())
                .as("latency floor from @Regression")
                .isEqualTo(Duration.ofMillis(5).toNanos());
        assertThat(rules.throughputDropWarnPercent())
                .as("throughput level from loadtest.regressionThreshold")
                .isEqualTo(scaled.throughputDropWarnPercent());
    }

    @Test
    void judgesARunAgainstTheTestsStoredBaselineAsTheExtensionDoes() {
        RunResult recorded = run().testName("StoredBaselineTestCase.run").build();
        new BaselineStore(baselines).write(Baseline.from(recorded));

        execute(StoredBaselineTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        LoadJudge judge = StoredBaselineTestCase.judge.get();
        assertThat(judge.baselines().dir()).isEqualTo(baselines);
        assertThat(judge.baseline())
                .hasValueSatisfying(b -> assertThat(b.testName()).isEqualTo(recorded.testName()));
        Verdict slower = judge.judge(run().testName("StoredBaselineTestCase.run")
                .p99(RunResult.SERVICE_TIME, 30 * MS)
                .build());
        assertThat(slower.baselineFound()).isTrue();
        assertThat(slower.overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(slower.metricsWithStatus(VerdictStatus.FAIL))
                .extracting(m -> m.metric())
                .contains("latency.service_time.p99");
    }

    @Test
    void judgesOnlyTheHardLimitsWithoutABaseline() {
        execute(StoredBaselineTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        LoadJudge judge = StoredBaselineTestCase.judge.get();
        assertThat(judge.baseline()).isEmpty();
        assertThat(judge.judge(run().build()).overall()).isEqualTo(VerdictStatus.NO_BASELINE);
        assertThat(judge.judge(run().errors(50, 0.5).build(), null).overall())
                .as("5 %% failed iterations is a hard limit")
                .isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void aMethodWithoutLoadTestCannotAskForIt() {
        EngineExecutionResults r = execute(PlainTestTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(EngineRuns.failure(r))
                .hasMessage("No ParameterResolver registered for parameter"
                        + " [dev.speechload.core.junit.LoadJudge judge] in method [void "
                        + PlainTestTestCase.class.getName()
                        + ".plain(dev.speechload.core.junit.LoadJudge)].");
    }

    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        return EngineRuns.execute(testCase, dir.resolve("results"), baselines, parameters);
    }

    static class RulesTestCase {
        static final AtomicReference<Thresholds> rules = new AtomicReference<>();

        @LoadTest(channels = 1, iterations = 1)
        @Regression(p99WarnPercent = 30, p99FailPercent = 100, latencyFloor = "5ms")
        void run(LoadContext load, LoadJudge judge) {
            rules.set(judge.thresholds());
        }
    }

    static class StoredBaselineTestCase {
        static final AtomicReference<LoadJudge> judge = new AtomicReference<>();

        @LoadTest(channels = 1, iterations = 1)
        void run(LoadJudge judge) {
            StoredBaselineTestCase.judge.set(judge);
        }
    }

    static class PlainTestTestCase {
        @Test
        void plain(LoadJudge judge) {}
    }
}
