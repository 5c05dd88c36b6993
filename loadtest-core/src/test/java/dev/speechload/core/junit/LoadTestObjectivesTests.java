package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.target.Target;
import dev.speechload.core.testkit.FakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * {@link Objective}s through the real engine, against fake targets: judged without a baseline,
 * failing the test whatever fail-on-regression says, shown in the JSON and HTML reports, and judged
 * on the candidate of an A/B comparison. Iterations sleep, so a p50 is never below the sleep; a
 * latency rule on a machine too busy to judge is INCONCLUSIVE and aborts its test.
 */
@DisplayName("@Objective")
class LoadTestObjectivesTests {

    static final AtomicInteger starts = new AtomicInteger();

    @TempDir
    Path dir;

    Path results;

    @BeforeEach
    void reset() {
        results = dir.resolve("results");
        starts.set(0);
    }

    @Test
    void failsATestThatMissesAnObjectiveWithoutABaselineEvenWithFailOnRegressionOff() throws IOException {
        EngineExecutionResults r = execute(MissedTestCase.class, Map.of(Settings.FAIL_ON_REGRESSION, "false"));

        MetricVerdict line = objectiveLine("MissedTestCase.run");
        assertThat(line.status()).isEqualTo(VerdictStatus.FAIL);
        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("MissedTestCase.run missed an objective (1 metric failed):\n"
                        + "  - objective service_time p50 < 5ms: p50 ")
                .hasMessageContaining(" ms misses the objective < 5.000 ms; n = 10\n");
        assertThat(line.currentValue()).isGreaterThanOrEqualTo(20e6);
        TestOutcome outcome = Reporters.read(results.resolve("MissedTestCase.run.json"));
        assertThat(outcome.verdict().baselineFound()).isFalse();
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(Files.readString(results.resolve("MissedTestCase.run.html")))
                .contains("objective service_time p50 &lt; 5ms")
                .contains("misses the objective &lt; 5.000 ms");
    }

    @Test
    void passesATestThatMeetsItsClassesObjectivesAndShowsThemBesideTheOtherLines() throws IOException {
        EngineExecutionResults r = execute(MetTestCase.class, Map.of());

        objectiveLine("MetTestCase.run");
        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        TestOutcome outcome = Reporters.read(results.resolve("MetTestCase.run.json"));
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.NO_BASELINE);
        assertThat(outcome.verdict().metrics())
                .extracting(MetricVerdict::metric)
                .contains("latency.service_time.p99", "errors.ratio")
                .endsWith("objective service_time p50 < 10s", "objective errors < 1%");
        assertThat(outcome.verdict().metrics().stream().filter(m -> m.metric().startsWith("objective ")))
                .extracting(MetricVerdict::status)
                .containsOnly(VerdictStatus.PASS);
    }

    @Test
    void judgesTheErrorRatioWhateverTheMachinesHealth() throws IOException {
        EngineExecutionResults r = execute(ErrorsTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r)).isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("""
                ErrorsTestCase.run missed an objective (1 metric failed):
                  - objective errors < 10%: error ratio (6 failed) 100.00 % misses the objective < 10.00 %""");
        TestOutcome outcome = Reporters.read(results.resolve("ErrorsTestCase.run.json"));
        assertThat(outcome.verdict().metrics())
                .filteredOn(m -> m.metric().equals("objective errors < 10%"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.status()).isEqualTo(VerdictStatus.FAIL);
                    assertThat(m.currentValue()).isEqualTo(1.0);
                });
        assertThat(Files.readString(results.resolve("ErrorsTestCase.run.html")))
                .contains("objective errors &lt; 10%")
                .contains("misses the objective &lt; 10.00 %");
    }

    @Test
    void rejectsAMalformedObjectiveBeforeTheTargetStarts() {
        EngineExecutionResults r = execute(MalformedTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@Objective on [MalformedTestCase#run]: 'service_time p95 < 300': a latency needs a"
                        + " unit: us, ms or s");
        assertThat(starts).hasValue(0);
    }

    @Test
    void judgesTheCandidateOfAnAbComparison() throws IOException {
        EngineExecutionResults r = execute(AbTestCase.class, Map.of(Settings.COMPARE_SEED, "7"));

        // Errors are judged whatever the machine's health: this holds on a busy machine too.
        TestOutcome outcome = Reporters.read(results.resolve("AbTestCase.run.json"));
        assertThat(outcome.verdict().comparison()).isTrue();
        assertThat(outcome.verdict().metrics())
                .filteredOn(m -> m.metric().equals("objective errors < 10%"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.status()).isEqualTo(VerdictStatus.FAIL);
                    assertThat(m.currentValue())
                            .as("the candidate's error ratio; the reference's is 0")
                            .isEqualTo(1.0);
                });
        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r))
                .hasMessageContaining("\n  - objective errors < 10%: error ratio (")
                .hasMessageContaining(" failed) 100.00 % misses the objective < 10.00 %");
    }

    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        return EngineRuns.execute(testCase, results, dir.resolve("baselines"), parameters);
    }

    private static Throwable failure(EngineExecutionResults r) {
        return EngineRuns.failure(r);
    }

    /** The objective's line; aborts when the machine was too busy to judge it (INCONCLUSIVE). */
    private MetricVerdict objectiveLine(String test) throws IOException {
        TestOutcome outcome = Reporters.read(results.resolve(test + ".json"));
        MetricVerdict line = outcome.verdict().metrics().stream()
                .filter(m -> m.metric().startsWith("objective "))
                .findFirst()
                .orElseThrow();
        Assumptions.assumeFalse(
                line.status() == VerdictStatus.INCONCLUSIVE,
                () -> "the machine is too busy to judge: " + line.reason());
        return line;
    }

    static Target fake() {
        return FakeTarget.noEndpoints().withStartAction(starts::incrementAndGet);
    }

    @Smoke(factor = 1)
    static class MissedTestCase {
        @LoadTarget
        static Target server() {
            return fake();
        }

        @LoadTest(channels = 2, iterations = 5)
        @Objective("service_time p50 < 5ms")
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(20));
        }
    }

    @Smoke(factor = 1)
    @Objective("service_time p50 < 10s")
    @Objective("errors < 1%")
    static class MetTestCase {
        @LoadTarget
        static Target server() {
            return fake();
        }

        @LoadTest(channels = 2, iterations = 5)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(2));
        }
    }

    @Smoke(factor = 1)
    static class ErrorsTestCase {
        @LoadTest(channels = 2, iterations = 3)
        @Objective("errors < 10%")
        @Regression(errorRateFailPercent = 100)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> {
                throw new IllegalStateException("refused");
            });
        }
    }

    static class MalformedTestCase {
        @LoadTarget
        static Target server() {
            return fake();
        }

        @LoadTest
        @Objective("service_time p95 < 300")
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(2));
        }
    }

    @Smoke(factor = 1)
    @Objective("errors < 10%")
    static class AbTestCase extends FakeAbTargets {
        @LoadTest(channels = 2, iterations = 5)
        void run(LoadContext load) throws Exception {
            load.run(new FailingCandidate());
        }
    }

    /** Every iteration fails against the candidate (FakeAbTargets.CANDIDATE_PORT); against the reference it takes 1 ms. */
    static final class FailingCandidate implements Scenario {
        private volatile boolean onCandidate;

        @Override
        public void setUp(ScenarioContext context) {
            onCandidate = context.endpoints().http().getPort() == FakeAbTargets.CANDIDATE_PORT;
        }

        @Override
        public void run(Iteration iteration) throws InterruptedException {
            if (onCandidate) {
                throw new IllegalStateException("refused");
            }
            Thread.sleep(1);
        }
    }
}
