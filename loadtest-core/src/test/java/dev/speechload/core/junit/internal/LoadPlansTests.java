package dev.speechload.core.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.config.Durations;
import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Objective;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.target.Target;
import dev.speechload.core.testkit.FakeTarget;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("@LoadTest plans")
class LoadPlansTests {

    @TempDir
    Path results;

    @Test
    void rejectsRampStepsOutsideOneToChannels() {
        assertThat(failureOf(ZeroRampStepsTestCase.class))
                .isEqualTo(
                        "@LoadTest on [ZeroRampStepsTestCase#run]: 'rampSteps' must be between 1 and 'channels' (50), was 0");
        assertThat(failureOf(TooManyRampStepsTestCase.class))
                .isEqualTo(
                        "@LoadTest on [TooManyRampStepsTestCase#run]: 'rampSteps' must be between 1 and 'channels' (4), was 5");
    }

    @Test
    void reportsEveryBadAttributeTogether() {
        assertThat(failureOf(ManyProblemsTestCase.class))
                .isEqualTo(String.join(
                        "\n",
                        "@LoadTest on [ManyProblemsTestCase#run]: 'channels' must be between 1 and 100000, was 0",
                        "@LoadTest on [ManyProblemsTestCase#run]: 'rampSteps' must be between 1 and 'channels' (0), was 0",
                        "@LoadTest on [ManyProblemsTestCase#run]: 'warmup' must be a duration such as 500ms, 2s, 1m30s or PT2S, was 'soon'",
                        "@LoadTest on [ManyProblemsTestCase#run]: 'trials' must be between 1 and 100, was 0"));
    }

    @Test
    void rejectsADurationShorterThanTheRamp() {
        assertThat(failureOf(ShortDurationTestCase.class))
                .isEqualTo("@LoadTest on [ShortDurationTestCase#run]: "
                        + "'duration' (5s) must be at least the ramp: 'rampSteps' (5) x 'rampInterval' (2s) = 10s");
    }

    @Test
    void rejectsDurationAndIterationsTogether() {
        assertThat(failureOf(DurationAndIterationsTestCase.class))
                .isEqualTo("@LoadTest on [DurationAndIterationsTestCase#run]: "
                        + "'duration' and 'iterations' exclude each other: set one, were '30s' and 100");
    }

    @Test
    void rejectsClosedModelAttributesInTheOpenModel() {
        assertThat(failureOf(OpenWithIterationsTestCase.class))
                .isEqualTo(
                        String.join(
                                "\n",
                                "@LoadTest on [OpenWithIterationsTestCase#run]: 'iterations' must be 0 in the open model ('arrivalRate' 50.0), which is bounded by 'duration', was 10",
                                "@LoadTest on [OpenWithIterationsTestCase#run]: 'expectedInterval' applies to the closed model only; the open model ('arrivalRate' 50.0) measures from each arrival's intended start, was 10ms"));
    }

    @Test
    void rejectsNegativeChannels() {
        assertThat(failureOf(NegativeChannelsTestCase.class))
                .isEqualTo(
                        "@LoadTest on [NegativeChannelsTestCase#run]: 'channels' must be between 1 and 100000, was -3");
    }

    @Test
    void startsNoTargetWhenThePlanIsInvalid() {
        BadPlanWithTargetTestCase.starts.set(0);
        failureOf(BadPlanWithTargetTestCase.class);
        assertThat(BadPlanWithTargetTestCase.starts).hasValue(0);
    }

    @Test
    void fullScaleKeepsTheDeclaredPlan() {
        LoadPlan plan = plan(RampedTestCase.class, Scale.FULL);
        assertThat(plan.model()).isEqualTo(LoadPlan.WorkloadModel.CLOSED);
        assertThat(plan.channels()).isEqualTo(100);
        assertThat(plan.rampSteps()).isEqualTo(5);
        assertThat(plan.rampInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.warmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(plan.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(plan.trials()).isEqualTo(3);
    }

    @Test
    void smokeScaleShrinksChannelsAndTimesByTheFactorKeepingTheRampInsideTheDuration() {
        LoadPlan plan = plan(RampedTestCase.class, Scale.SMOKE);
        assertThat(plan.channels()).isEqualTo(10);
        assertThat(plan.rampSteps()).isEqualTo(5);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(12));
        assertThat(plan.rampInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(plan.warmup()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.trials()).isEqualTo(1);
    }

    @Test
    void smokeScaleUsesExplicitSmokeValues() {
        LoadPlan plan = plan(ExplicitSmokeTestCase.class, Scale.SMOKE);
        assertThat(plan.channels()).isEqualTo(3);
        assertThat(plan.rampSteps()).isEqualTo(3);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(plan.rampInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void smokeScaleScalesTheOpenModelArrivalRate() {
        LoadPlan plan = plan(OpenTestCase.class, Scale.SMOKE);
        assertThat(plan.model()).isEqualTo(LoadPlan.WorkloadModel.OPEN);
        assertThat(plan.arrivalsPerSecond()).isEqualTo(20.0);
        assertThat(plan.channels()).isEqualTo(5);
        assertThat(plan(OpenTestCase.class, Scale.FULL).arrivalsPerSecond()).isEqualTo(200.0);
    }

    @Test
    void smokeScaleKeepsAtLeastOneIteration() {
        LoadPlan plan = plan(IterationsTestCase.class, Scale.SMOKE);
        assertThat(plan.iterations()).isEqualTo(1);
        assertThat(plan.duration()).isZero();
        assertThat(plan.channels()).isEqualTo(1);
    }

    @Test
    void defaultsToTenSecondsWhenNeitherDurationNorIterationsIsSet() {
        LoadPlan plan = plan(DefaultsTestCase.class, Scale.FULL);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.channels()).isEqualTo(10);
        assertThat(plan.sampleInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void smokeScaleRunsSmokeTrials() {
        assertThat(plan(SmokeTrialsTestCase.class, Scale.SMOKE).trials()).isEqualTo(2);
        assertThat(plan(SmokeTrialsTestCase.class, Scale.FULL).trials()).isEqualTo(3);
    }

    @Test
    void rejectsBadThresholdOverridesAndSmokeTrials() {
        assertThat(failureOf(BadThresholdsTestCase.class))
                .isEqualTo(String.join(
                        "\n",
                        "@Smoke on [BadThresholdsTestCase#run]: 'trials' must be between 1 and @LoadTest 'trials' (2), was 3",
                        "@Regression on [BadThresholdsTestCase#run]: 'p99WarnPercent' must be a finite number above 0, was -5.0",
                        "@Regression on [BadThresholdsTestCase#run]: 'memorySlopeFailMbPerSecond' must be a finite number >= 0, was -1.0",
                        "@Regression on [BadThresholdsTestCase#run]: 'errorRateFailPercent' must be between 0 and 100, was 101.0",
                        "@Regression on [BadThresholdsTestCase#run]: 'latencyFloor' must be " + Durations.EXPECTED
                                + ", was 'soon'"));
    }

    @Test
    void aMethodsSmokeAndRegressionValuesOverrideItsClassesAttributeByAttribute() {
        LoadPlan plan = plan(LayeredTestCase.class, Scale.SMOKE);
        assertThat(plan.channels()).as("the method's channels").isEqualTo(4);
        assertThat(plan.duration()).as("the class's duration").isEqualTo(Duration.ofSeconds(3));
        Method m = method(LayeredTestCase.class);
        Settings settings = Settings.load(Map.<String, String>of()::get, Map.of(), false);
        Thresholds t = LoadPlans.thresholds(LayeredTestCase.class, m, settings);
        assertThat(t.latencyP99WarnPercent()).as("the method's").isEqualTo(40);
        assertThat(t.errorRatioFail()).as("the class's").isEqualTo(0.02);
        assertThat(LoadPlans.failOnRegression(LayeredTestCase.class, m, settings))
                .as("the class's")
                .isFalse();
    }

    @Test
    void aSubclassInheritsItsSuperclassesSmokeSettings() {
        Method m = method(InheritingTestCase.class);
        LoadPlan plan = LoadPlans.from(
                m.getAnnotation(LoadTest.class), InheritingTestCase.class, m, Scale.SMOKE, Duration.ofSeconds(1));
        assertThat(plan.channels()).isEqualTo(100);
    }

    @Test
    void namesTheClassWhenABadValueComesFromTheClassesAnnotation() {
        assertThat(failureOf(BadClassSmokeTestCase.class))
                .isEqualTo(String.join(
                        "\n",
                        "@Smoke on [BadClassSmokeTestCase]: 'factor' must be above 0 and at most 1, was 2.0",
                        "@Regression on [BadClassSmokeTestCase]: 'p99FailPercent' must be at least 'p99WarnPercent' (50.0),"
                                + " was 10.0"));
    }

    @Test
    void rejectsMalformedObjectivesNamingTheAnnotationAndTheText() {
        assertThat(failureOf(BadObjectivesTestCase.class))
                .isEqualTo(
                        String.join(
                                "\n",
                                "@Objective on [BadObjectivesTestCase]: 'cpu < 50%': unknown metric 'cpu': a latency metric needs a"
                                        + " percentile (p50, p90, p95 or p99) as in 'stt.final_latency p95 < 300ms'; other metrics are"
                                        + " throughput, errors, memory.peak and memory.growth",
                                "@Objective on [BadObjectivesTestCase#run]: 'service_time p95 < 300': a latency needs a unit: us, ms or s"));
    }

    @Test
    void aMethodsObjectiveReplacesItsClassesOnTheSameMetricAndStatistic() {
        Method m = method(LayeredObjectivesTestCase.class);
        assertThat(LoadPlans.objectives(LayeredObjectivesTestCase.class, m))
                .extracting(r -> r.text())
                .containsExactly("errors < 1%", "service_time p95 < 50ms", "service_time p99 < 80ms");
    }

    @Test
    void thresholdOverridesReplaceTheScaledDefaultsRuleByRule() {
        Method m = method(OverridesTestCase.class);
        Settings settings = Settings.load(Map.of(Settings.REGRESSION_THRESHOLD, "10")::get, Map.of(), false);
        Thresholds t = LoadPlans.thresholds(OverridesTestCase.class, m, settings);
        Thresholds scaled = Thresholds.defaults().scaledTo(10);
        assertThat(t.latencyP99WarnPercent()).isEqualTo(30);
        assertThat(t.latencyP99FailPercent()).as("raised to the warn level").isEqualTo(30);
        assertThat(t.throughputDropWarnPercent()).isEqualTo(scaled.throughputDropWarnPercent());
        assertThat(t.memorySlopeFailBytesPerSecond()).isEqualTo(2.0 * Thresholds.MB);
        assertThat(t.errorRatioFail()).isEqualTo(0.01);
        assertThat(t.latencyFloorNanos()).isEqualTo(Duration.ofMillis(5).toNanos());
        assertThat(LoadPlans.failOnRegression(OverridesTestCase.class, m, settings))
                .isFalse();
        Method plain = method(RampedTestCase.class);
        assertThat(LoadPlans.thresholds(RampedTestCase.class, plain, settings)).isEqualTo(scaled);
        assertThat(LoadPlans.failOnRegression(RampedTestCase.class, plain, settings))
                .isTrue();
    }

    @Test
    void refusesDurationsTooLongToCountOrLongerThanAWeek() {
        assertThat(failureOf(OverflowingDurationTestCase.class))
                .isEqualTo(
                        String.join(
                                "\n",
                                "@LoadTest on [OverflowingDurationTestCase#run]: 'warmup' must be at most 168h (split a longer soak into"
                                        + " several runs), was '200h'",
                                "@LoadTest on [OverflowingDurationTestCase#run]: 'duration' must be at most 168h, was '99999999999999999999h'"));
    }

    @Test
    void refusesAnArrivalRateNoGeneratorCanStartOrThatPlansNoArrival() {
        assertThat(failureOf(AbsurdRateTestCase.class))
                .isEqualTo("@LoadTest on [AbsurdRateTestCase#run]: 'arrivalRate'"
                        + " must be 0 (closed model) or a rate per second above 0 and at most 1,000,000, was 1.0E12");
        assertThat(failureOf(VanishingRateTestCase.class))
                .isEqualTo(
                        "@LoadTest on [VanishingRateTestCase#run]:"
                                + " 'arrivalRate' (0.01 per second) over 'duration' (10s) plans no arrival at all; raise one of them");
    }

    private static LoadPlan plan(Class<?> testCase, Scale scale) {
        Method m = method(testCase);
        return LoadPlans.from(m.getAnnotation(LoadTest.class), m, scale, Duration.ofSeconds(1));
    }

    private static Method method(Class<?> testCase) {
        try {
            return testCase.getDeclaredMethod("run", LoadContext.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private String failureOf(Class<?> testCase) {
        EngineExecutionResults r = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testCase))
                .configurationParameter("loadtest.resultsDir", results.toString())
                .execute();
        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable t = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(t).isInstanceOf(ExtensionConfigurationException.class);
        return t.getMessage();
    }

    static class ZeroRampStepsTestCase {
        @LoadTest(channels = 50, rampSteps = 0)
        void run(LoadContext load) {}
    }

    static class TooManyRampStepsTestCase {
        @LoadTest(channels = 4, rampSteps = 5)
        void run(LoadContext load) {}
    }

    static class ManyProblemsTestCase {
        @LoadTest(channels = 0, rampSteps = 0, warmup = "soon", trials = 0)
        void run(LoadContext load) {}
    }

    static class ShortDurationTestCase {
        @LoadTest(channels = 50, rampSteps = 5, rampInterval = "2s", duration = "5s")
        void run(LoadContext load) {}
    }

    static class DurationAndIterationsTestCase {
        @LoadTest(duration = "30s", iterations = 100)
        void run(LoadContext load) {}
    }

    static class OpenWithIterationsTestCase {
        @LoadTest(arrivalRate = 50, iterations = 10, expectedInterval = "10ms")
        void run(LoadContext load) {}
    }

    static class NegativeChannelsTestCase {
        @LoadTest(channels = -3)
        void run(LoadContext load) {}
    }

    static class BadPlanWithTargetTestCase {
        static final AtomicInteger starts = new AtomicInteger();

        @LoadTarget
        static Target server() {
            return FakeTarget.noEndpoints().withStartAction(() -> starts.incrementAndGet());
        }

        @LoadTest(channels = 2, rampSteps = 3)
        void run(LoadContext load) {}
    }

    static class SmokeTrialsTestCase {
        @LoadTest(iterations = 10, trials = 3)
        @Smoke(trials = 2)
        void run(LoadContext load) {}
    }

    static class BadThresholdsTestCase {
        @LoadTest(trials = 2)
        @Smoke(trials = 3)
        @Regression(
                p99WarnPercent = -5,
                memorySlopeFailMbPerSecond = -1,
                errorRateFailPercent = 101,
                latencyFloor = "soon")
        void run(LoadContext load) {}
    }

    static class OverridesTestCase {
        @LoadTest
        @Regression(
                p99WarnPercent = 30,
                memorySlopeFailMbPerSecond = 2,
                errorRateFailPercent = 1,
                latencyFloor = "5ms",
                failTest = Regression.Toggle.OFF)
        void run(LoadContext load) {}
    }

    @Smoke(channels = 2, duration = "3s")
    @Regression(p99WarnPercent = 25, errorRateFailPercent = 2, failTest = Regression.Toggle.OFF)
    static class LayeredTestCase {
        @LoadTest(channels = 10, duration = "1m")
        @Smoke(channels = 4)
        @Regression(p99WarnPercent = 40)
        void run(LoadContext load) {}
    }

    @Smoke(factor = 1)
    static class FullInSmokeTestCase {}

    static class InheritingTestCase extends FullInSmokeTestCase {
        @LoadTest(channels = 100)
        void run(LoadContext load) {}
    }

    @Smoke(factor = 2)
    @Regression(p99WarnPercent = 50, p99FailPercent = 10)
    static class BadClassSmokeTestCase {
        @LoadTest
        void run(LoadContext load) {}
    }

    @Objective("cpu < 50%")
    static class BadObjectivesTestCase {
        @LoadTest
        @Objective("service_time p95 < 300")
        void run(LoadContext load) {}
    }

    @Objective("service_time p95 < 100ms")
    @Objective("errors < 1%")
    static class LayeredObjectivesTestCase {
        @LoadTest
        @Objective("service_time p95 < 50ms")
        @Objective("service_time p99 < 80ms")
        void run(LoadContext load) {}
    }

    static class RampedTestCase {
        @LoadTest(channels = 100, rampSteps = 5, rampInterval = "10s", warmup = "20s", duration = "2m", trials = 3)
        void run(LoadContext load) {}
    }

    static class ExplicitSmokeTestCase {
        @LoadTest(channels = 100, rampSteps = 5, rampInterval = "10s", duration = "1m")
        @Smoke(channels = 3, duration = "6s")
        void run(LoadContext load) {}
    }

    static class OpenTestCase {
        @LoadTest(arrivalRate = 200, channels = 50, duration = "1m")
        void run(LoadContext load) {}
    }

    static class IterationsTestCase {
        @LoadTest(channels = 4, iterations = 5)
        void run(LoadContext load) {}
    }

    static class OverflowingDurationTestCase {
        @LoadTest(duration = "99999999999999999999h", warmup = "200h")
        void run(LoadContext load) {}
    }

    static class AbsurdRateTestCase {
        @LoadTest(arrivalRate = 1e12, duration = "10s")
        void run(LoadContext load) {}
    }

    static class VanishingRateTestCase {
        @LoadTest(arrivalRate = 0.01, duration = "10s")
        void run(LoadContext load) {}
    }

    static class DefaultsTestCase {
        @LoadTest
        void run(LoadContext load) {}
    }
}
