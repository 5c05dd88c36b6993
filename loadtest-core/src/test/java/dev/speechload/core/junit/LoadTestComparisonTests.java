package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.history.Histories;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.target.Target;
import dev.speechload.core.testkit.FakeTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

@DisplayName("@LoadTest as an A/B comparison")
class LoadTestComparisonTests {

    private static final int REFERENCE_PORT = 1;
    private static final int CANDIDATE_PORT = 2;
    private static final long FAST_MILLIS = 2;

    /** Milliseconds each iteration against the candidate sleeps; the reference always takes FAST. */
    static volatile long candidateMillis = FAST_MILLIS;

    static FakeTarget reference;
    static FakeTarget candidate;

    @TempDir
    Path dir;

    Path results;

    @BeforeEach
    void reset() {
        results = dir.resolve("results");
        candidateMillis = FAST_MILLIS;
        reference = null;
        candidate = null;
    }

    @Test
    void everyLoadTestOfAClassWithAReferenceTargetRunsAsPairsAndIsReportedAsAb() throws IOException {
        String history = "jdbc:h2:file:" + dir.resolve("history");
        EngineExecutionResults r =
                execute(AbTestCase.class, Map.of(Settings.COMPARE_SEED, "42", Settings.HISTORY_URL, history));

        // Appended whatever the busy machine made of the pairs: the candidate's run with the A/B verdict.
        TestOutcome judged = Reporters.read(results.resolve("AbTestCase.run.json"));
        assertThat(Histories.open(history).runs(null, 10)).singleElement().satisfies(run -> {
            assertThat(run.testName()).isEqualTo("AbTestCase.run");
            assertThat(run.verdict()).isEqualTo(judged.verdict().overall().name());
            assertThat(run.startedAtEpochMillis()).isEqualTo(judged.result().startedAtEpochMillis());
            assertThat(run.shards()).isEqualTo(1);
        });
        abortIfCompromised();
        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        TestOutcome outcome = Reporters.read(results.resolve("AbTestCase.run.json"));
        Comparison comparison = outcome.comparison();
        assertThat(comparison).as("the report keeps the comparison").isNotNull();
        // The draw itself is TrialOrderTests'; here the run keeps the seed it was given and a pair order per pair.
        assertThat(comparison.seed()).isEqualTo(42);
        assertThat(comparison.order())
                .hasSize(Settings.DEFAULT_COMPARE_PAIRS)
                .allMatch(order -> order.equals("AB") || order.equals("BA"));
        assertThat(comparison.reference().trials()).hasSize(Settings.DEFAULT_COMPARE_PAIRS);
        assertThat(outcome.result().trials()).hasSize(Settings.DEFAULT_COMPARE_PAIRS);
        assertThat(comparison.reference().target().description())
                .isEqualTo("fake process target at http://127.0.0.1:1");
        assertThat(outcome.result().target().description()).endsWith(":" + CANDIDATE_PORT);
        assertThat(outcome.verdict().notes().get(0))
                .startsWith("A/B (interleaved): 8 pairs")
                .contains("seed 42");
        assertThat(outcome.verdict().overall()).isNotEqualTo(VerdictStatus.FAIL);
        assertThat(reference.starts())
                .as("the reference is started once for the class")
                .isEqualTo(1);
        assertThat(reference.closes()).as("and stopped when the class ends").isEqualTo(1);
        assertThat(candidate.closes()).isEqualTo(1);
    }

    @Test
    void aSlowerCandidateFailsOnItsPairedLatency() throws IOException {
        candidateMillis = 40;
        EngineExecutionResults r = execute(AbTestCase.class, Map.of());

        abortIfCompromised();
        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable failure = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(failure)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("latency.service_time.p")
                .hasMessageContaining("paired B/A of");
        assertThat(Reporters.read(results.resolve("AbTestCase.run.json"))
                        .verdict()
                        .overall())
                .isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void compareWithOnATargetThatCannotRunAnotherBuildIsAConfigurationErrorNamingTheSetting() {
        EngineExecutionResults r = execute(PlainTestCase.class, Map.of(Settings.COMPARE_WITH, "old-server.jar"));

        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable failure = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(failure)
                .hasMessageContaining("loadtest.compareWith=old-server.jar")
                .hasMessageContaining("@ReferenceTarget");
    }

    @Test
    void recordingBaselinesRunsTheCandidateAloneAndLeavesTheReferenceStopped() {
        EngineExecutionResults r = execute(AbTestCase.class, Map.of(Settings.UPDATE_BASELINE, "true"));

        if (r.testEvents().failed().count() == 1) {
            Throwable t = r.testEvents().failed().stream()
                    .findFirst()
                    .orElseThrow()
                    .getPayload(TestExecutionResult.class)
                    .orElseThrow()
                    .getThrowable()
                    .orElseThrow();
            Assumptions.assumeFalse(
                    String.valueOf(t.getMessage()).contains("cannot become a baseline"),
                    "the machine is too busy to record a baseline");
        }
        r.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(reference).as("the reference build is not even made").isNull();
        assertThat(dir.resolve("baselines").resolve("AbTestCase.run.json")).isRegularFile();
    }

    @Test
    void aTestThatMayNotCompareRunsAgainstTheCandidateAloneAndItsVerdictSaysWhy() throws IOException {
        EngineExecutionResults r = execute(NoCompareTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.failed(0));
        assertThat(NoCompareTestCase.made)
                .as("the reference build is not even made")
                .isFalse();
        TestOutcome outcome = Reporters.read(results.resolve("NoCompareTestCase.run.json"));
        assertThat(outcome.comparison()).isNull();
        assertThat(outcome.verdict().notes().get(0)).startsWith("Not an A/B comparison: @LoadTest(compare = false)");
    }

    @Test
    void compareWithOnAClassWithoutATargetRunsItAloneAndSaysWhy() throws IOException {
        EngineExecutionResults r = execute(NoTargetTestCase.class, Map.of(Settings.COMPARE_WITH, "old-server.jar"));

        r.testEvents().assertStatistics(s -> s.failed(0));
        TestOutcome outcome = Reporters.read(results.resolve("NoTargetTestCase.run.json"));
        assertThat(outcome.comparison()).isNull();
        assertThat(outcome.verdict().notes().get(0))
                .contains("Not an A/B comparison: loadtest.compareWith=old-server.jar")
                .contains("declares no @LoadTarget");
    }

    /** The A/B verdict of a machine so busy that pairs were COMPROMISED is INCONCLUSIVE by design. */
    /**
     * Aborts when the toolkit itself judged the comparison INCONCLUSIVE: a trial COMPROMISED, or
     * pairs whose two trials met different contention left out until fewer than 6 remained. Both
     * are its decision about a busy machine, which these tests do not control.
     */
    private void abortIfCompromised() throws IOException {
        TestOutcome outcome = Reporters.read(results.resolve("AbTestCase.run.json"));
        Assumptions.assumeFalse(
                outcome.verdict().overall() == VerdictStatus.INCONCLUSIVE,
                () -> "the machine is too busy to judge the pairs: "
                        + outcome.verdict().notes());
    }

    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        return EngineRuns.execute(testCase, results, dir.resolve("baselines"), parameters);
    }

    /** Sleeps FAST against the reference and {@link #candidateMillis} against the candidate. */
    static final class PortScenario implements Scenario {
        private volatile boolean onCandidate;

        @Override
        public void setUp(ScenarioContext context) {
            onCandidate = context.endpoints().http().getPort() == CANDIDATE_PORT;
        }

        @Override
        public void run(Iteration iteration) throws InterruptedException {
            Thread.sleep(onCandidate ? candidateMillis : FAST_MILLIS);
        }
    }

    static class AbTestCase {
        @LoadTarget
        static Target candidate() {
            candidate = FakeTarget.http(CANDIDATE_PORT);
            return candidate;
        }

        @ReferenceTarget
        static Target reference() {
            reference = FakeTarget.http(REFERENCE_PORT);
            return reference;
        }

        @LoadTest(channels = 2, iterations = 15)
        @Smoke(factor = 1)
        @Regression(latencyFloor = "1ms")
        void run(LoadContext load) throws Exception {
            load.run(new PortScenario());
        }
    }

    static class NoCompareTestCase {
        static volatile boolean made;

        @LoadTarget
        static Target candidate() {
            return FakeTarget.http(CANDIDATE_PORT);
        }

        @ReferenceTarget
        static Target reference() {
            made = true;
            return FakeTarget.http(REFERENCE_PORT);
        }

        @LoadTest(channels = 1, iterations = 5, compare = false)
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(FAST_MILLIS));
        }
    }

    static class NoTargetTestCase {
        @LoadTest(channels = 1, iterations = 5)
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(FAST_MILLIS));
        }
    }

    static class PlainTestCase {
        @LoadTarget
        static Target candidate() {
            return FakeTarget.http(CANDIDATE_PORT);
        }

        @LoadTest(channels = 1, iterations = 5)
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(FAST_MILLIS));
        }
    }
}
