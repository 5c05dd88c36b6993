package dev.speechload.core.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.stats.RunResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HealthClassifierTests {

    private static final int CORES = 2;

    /** 2 warm-up and 10 measured intervals of 1 s, each from the given function of its index. */
    private static List<HealthSample> series(IntFunction<HealthSample> interval) {
        List<HealthSample> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            out.add(interval.apply(i));
        }
        return out;
    }

    private static HealthSample quiet(int i) {
        return new HealthSample((i + 1) * 1000L, i < 2, 0.30, 0.02, 0.10, 0.0, 0.6, 0, 2_000_000, 0, -1);
    }

    private static Histogram lag(long p99Nanos) {
        Histogram h = LatencyRecorder.newHistogram();
        h.recordValueWithCount(1_000_000, 990);
        h.recordValueWithCount(p99Nanos, 20); // 2 %: the p99 is this value
        return h;
    }

    private static Health classify(List<HealthSample> samples, List<Histogram> lags) {
        return HealthClassifier.trial(samples, lags, 0, CORES, HealthRules.DEFAULTS);
    }

    @Test
    void aQuietMachineIsHealthyAndSaysWhatWasChecked() {
        Health h = classify(series(HealthClassifierTests::quiet), List.of(lag(2_000_000)));

        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.findings()).isEmpty();
        assertThat(h.reason()).startsWith("HEALTHY: checked other processes' CPU 2.0 %");
        assertThat(h.figures().otherCpuShare()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.figures().generatorLagP99Nanos()).isBetween(1_990_000L, 2_010_000L);
        assertThat(h.trials()).isEqualTo(1);
    }

    @Test
    void otherProcessesUsingFortyPercentCompromiseTheTrialWithTheFigureInTheReason() {
        Health h = classify(
                series(i -> i < 2
                        ? quiet(i)
                        : new HealthSample((i + 1) * 1000L, false, 0.30, 0.40, 0.80, 0.0, 1.5, 0, 2_000_000, 0, -1)),
                List.of(lag(2_000_000)));

        assertThat(h.status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(h.reason())
                .isEqualTo("COMPROMISED: other processes used 40 % of the machine's 2 cores (compromised above 15 %)");
        assertThat(h.figures().otherCpuShare()).isCloseTo(0.40, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void foreignWorkThatLeftTheMachineIdleIsOnlyDegraded() {
        // A one-core hog (other processes 45 %) beside a load that needs less than the other core:
        // a third of the CPU stayed idle, so the load always found a free core.
        Health spare = classify(
                series(i ->
                        new HealthSample((i + 1) * 1000L, false, 0.10, 0.45, 0.30, 0.0, 1.0, 0, 2_000_000, 0, 0.33)),
                List.of(lag(2_000_000)));
        // The same foreign work on a saturated machine (3 % idle) took CPU the load needed.
        Health saturated = classify(
                series(i ->
                        new HealthSample((i + 1) * 1000L, false, 0.10, 0.45, 0.80, 0.0, 2.0, 0, 2_000_000, 0, 0.03)),
                List.of(lag(2_000_000)));

        assertThat(spare.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(spare.reason())
                .isEqualTo("DEGRADED: other processes used 45 % of the machine's 2 cores, but 33 %"
                        + " of it stayed idle (compromised above 15 % when less than 15 % stays idle)");
        assertThat(saturated.status()).isEqualTo(HealthStatus.COMPROMISED);
    }

    @Test
    void warmUpIntervalsAreNotJudged() {
        Health h = classify(
                series(i -> i >= 2
                        ? quiet(i)
                        : new HealthSample((i + 1) * 1000L, true, 0.30, 0.90, 0.9, 0.0, 3, 500, 2_000_000, 0, -1)),
                List.of(lag(2_000_000)));

        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aGeneratorLagP99OfEightyMillisecondsCompromisesTheTrial() {
        Health h = classify(series(HealthClassifierTests::quiet), List.of(lag(2_000_000), lag(80_000_000)));

        assertThat(h.status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(h.figures().generatorLagP99Nanos()).isBetween(79_000_000L, 81_000_000L);
        assertThat(h.reason())
                .startsWith("COMPROMISED: the load generator's own lag p99")
                .contains("80 ms")
                .contains("compromised above 50 ms");
    }

    @Test
    void garbageCollectionOfEightPercentDegradesTheTrial() {
        Health h = classify(
                series(i -> new HealthSample((i + 1) * 1000L, i < 2, 0.30, 0.02, 0.10, 0.0, 0.6, 80, 2_000_000, 0, -1)),
                List.of(lag(2_000_000)));

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.figures().gcPauseShare()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.reason())
                .isEqualTo("DEGRADED: the load generator's JVM spent 8.0 % of the time in garbage "
                        + "collection (degraded above 5.0 %, compromised above 15 %)");
    }

    @Test
    void anUnknownTargetCpuFallsBackToCpuPressureAndSaysSo() {
        Health h = classify(
                series(i -> new HealthSample((i + 1) * 1000L, i < 2, 0.30, -1, 0.70, 0.0, 2.0, 0, 2_000_000, 0, -1)),
                List.of(lag(2_000_000)));

        assertThat(h.status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(h.figures().otherCpuShare()).isEqualTo(-1);
        assertThat(h.reason())
                .contains("70 %")
                .contains("compromised above 65 %")
                .contains("the target's CPU use was unknown");
    }

    @Test
    void withoutPressureFiguresTheRunQueueDecides() {
        Health h = classify(
                series(i -> new HealthSample((i + 1) * 1000L, i < 2, 0.30, -1, -1, -1, 4.5, 0, 2_000_000, 0, -1)),
                List.of());

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.reason()).contains("4.5 runnable tasks per core").contains("target's CPU use was unknown");
    }

    @Test
    void aSaturatedGeneratorAndMissedArrivalsAreFindings() {
        List<HealthSample> samples = series(i ->
                new HealthSample((i + 1) * 1000L, i < 2, 0.95, 0.02, 0.2, 0.0, 0.9, 0, 2_000_000, i < 2 ? 0 : 3, -1));

        Health h = HealthClassifier.trial(samples, List.of(), 1000, CORES, HealthRules.DEFAULTS);

        assertThat(h.status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(h.figures().missedArrivalRatio()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.findings()).hasSize(2);
        assertThat(h.findings().get(0)).contains("95 %").contains("compromised above 90 %");
        assertThat(h.findings().get(1)).contains("3.0 % of the planned arrivals were missed");
    }

    @Test
    void stealAboveFivePercentDegrades() {
        Health h = classify(
                series(i -> new HealthSample((i + 1) * 1000L, i < 2, 0.30, 0.02, 0.1, 0.07, 0.6, 0, 2_000_000, 0, -1)),
                List.of());

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.reason()).contains("the hypervisor stole 7.0 %");
    }

    @Test
    void noSamplesAtAllIsHealthyWithoutFigures() {
        Health h = classify(List.of(), List.of());

        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.figures()).isNull();
        assertThat(h.reason()).contains("not checked");
    }

    private static Health healthy() {
        return classify(series(HealthClassifierTests::quiet), List.of(lag(2_000_000)));
    }

    private static Health compromised() {
        return classify(
                series(i -> new HealthSample((i + 1) * 1000L, i < 2, 0.30, 0.45, 0.9, 0.0, 2, 0, 2_000_000, 0, -1)),
                List.of(lag(2_000_000)));
    }

    private static Health degraded() {
        return classify(
                series(i -> new HealthSample((i + 1) * 1000L, i < 2, 0.30, 0.12, 0.4, 0.0, 1, 0, 2_000_000, 0, -1)),
                List.of(lag(2_000_000)));
    }

    @Test
    void aRunOfOneTrialHasThatTrialsHealth() {
        Health trial = compromised();

        Health run = HealthClassifier.run(List.of(trial));

        assertThat(run.status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(run.reason()).isEqualTo(trial.reason());
        assertThat(run.trials()).isEqualTo(1);
        assertThat(run.trialsCompromised()).isEqualTo(1);
    }

    @Test
    void aRunOfFiveTrialsKeepsFourWhenOneIsCompromised() {
        Health run = HealthClassifier.run(List.of(healthy(), compromised(), degraded(), healthy(), healthy()));

        assertThat(run.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(run.trials()).isEqualTo(5);
        assertThat(run.trialsCompromised()).isEqualTo(1);
        assertThat(run.reason())
                .startsWith("DEGRADED: trial 3: other processes used 12 %")
                .contains("1 of 5 trials was compromised and left out (trial 2: other processes used 45 %");
        // the kept trials' mean: (3 x 2 % + 12 %) / 4
        assertThat(run.figures().otherCpuShare()).isCloseTo(0.045, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aRunOfFiveTrialsWithThreeCompromisedIsCompromised() {
        Health run = HealthClassifier.run(List.of(compromised(), healthy(), compromised(), healthy(), compromised()));

        assertThat(run.status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(run.trialsCompromised()).isEqualTo(3);
        assertThat(run.reason())
                .startsWith("COMPROMISED: 3 of 5 trials were compromised, leaving 2 (at least 3 "
                        + "needed); trial 1: other processes used 45 %");
        assertThat(run.findings()).anyMatch(f -> f.startsWith("trial 5 (COMPROMISED): other processes used 45 %"));
    }

    @Test
    void aRunOfTwoTrialsNeedsBoth() {
        assertThat(HealthClassifier.run(List.of(healthy(), compromised())).status())
                .isEqualTo(HealthStatus.COMPROMISED);
        assertThat(HealthClassifier.run(List.of(healthy(), degraded())).status())
                .isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthClassifier.run(List.of(healthy(), healthy())).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aTrialsHealthComesFromItsSeriesAndItsGeneratorHistogramsButNotServerLatencies() {
        Map<String, Histogram> latencies = new LinkedHashMap<>();
        latencies.put(RunResult.SERVICE_TIME, lag(900_000_000)); // a slow server is not a health problem
        latencies.put("generator.grpc.send_lag", lag(25_000_000));
        latencies.put(RunResult.SCHEDULING_LAG, lag(1_000_000));
        List<IntervalSample> times = new ArrayList<>();
        List<HealthSample> health = series(HealthClassifierTests::quiet);
        for (HealthSample s : health) {
            times.add(new IntervalSample(s.offsetMillis(), 1, 4, s.warmup(), 10, 0, 10, 1, 2));
        }
        TrialData t = new TrialData(
                0,
                1,
                2,
                10_000_000_000L,
                100,
                0,
                Map.of(),
                4,
                latencies,
                Map.of(),
                Map.of(),
                times,
                null,
                List.of(),
                List.of(),
                0,
                0,
                1_000_000,
                health);

        Health h = HealthClassifier.trial(t, CORES);

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.reason()).contains("lag p99").contains("25 ms");
        assertThat(RunResults.figures(t, h).health()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(LoadPlan.closed(1)).isNotNull();
    }
}
