package dev.speechload.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.stats.internal.HistogramCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunResultsTests {

    @Test
    void mergesLatencyAndSumsCountsAcrossTrialsButTakesResourcesFromTheLast() {
        TrialData first = trial(0, 100, 1_000_000_000L, 1_000, Map.of("IO", 10L), 200_000_000);
        TrialData second = trial(1, 300, 3_000_000_000L, 3_000, Map.of("IO", 5L, "TIMEOUT", 5L), 500_000_000);
        LoadPlan plan = LoadPlan.closed(4).withDuration(Duration.ofSeconds(1)).withTrials(2);
        RunResult r = RunResults.assemble(
                "Tests.run", RunResults.plan(plan, "smoke"), null, null, List.of(first, second), false);

        assertThat(r.latency(RunResult.SERVICE_TIME).count()).isEqualTo(400);
        assertThat(r.throughput().completedIterations()).isEqualTo(4_000);
        // 4,000 completed, 20 of them failed, over 4 s: only the 3,980 successful ones count.
        assertThat(r.throughput().throughputPerSecond()).isCloseTo(995, within(1e-9));
        assertThat(r.throughput().perChannelPerSecond()).isCloseTo(248.75, within(1e-9));
        assertThat(r.errors().byCode()).containsExactlyInAnyOrderEntriesOf(Map.of("IO", 15L, "TIMEOUT", 5L));
        assertThat(r.errors().errorRatio()).isCloseTo(20.0 / 4_000, within(1e-12));
        assertThat(r.server().memory().peakBytes()).isEqualTo(500_000_000);
        assertThat(r.trials()).hasSize(2);
        assertThat(r.trials().get(0).throughputPerSecond()).isCloseTo(990, within(1e-9));
        assertThat(r.trials().get(1).memoryGrowthBytes()).isEqualTo(400_000_000);
        assertThat(HistogramCodec.decode(r.histograms().get(RunResult.SERVICE_TIME))
                        .getTotalCount())
                .isEqualTo(400);
        assertThat(r.plan().scale()).isEqualTo("smoke");
        assertThat(r.partial()).isFalse();
    }

    @Test
    void throughputCountsOnlySuccessfulIterationsSoAServerFailingFastIsNotFaster() {
        // A server that dies: 100 real answers, then 9,900 instant refusals in the same 10 s.
        TrialData crashed = trial(0, 100, 10_000_000_000L, 10_000, Map.of("CONNECT", 9_900L), 1);
        RunResult r = RunResults.assemble(
                "Tests.crash", RunResults.plan(LoadPlan.closed(2), "full"), null, null, List.of(crashed), false);

        assertThat(r.throughput().completedIterations()).isEqualTo(10_000);
        assertThat(r.throughput().throughputPerSecond()).isCloseTo(10, within(1e-9));
        assertThat(r.errors().failedIterations()).isEqualTo(9_900);
        assertThat(r.errors().errorRatio()).isCloseTo(0.99, within(1e-12));
    }

    @Test
    void aResultCarriesTheTargetFailureOfTheTrialItHappenedIn() {
        TargetFailure died = TargetFailure.of("exited with code 137", null, 137, 1, 3, 12_345, true);
        TrialData first = trial(0, 10, 1_000_000_000L, 10, Map.of(), 1);
        TrialData second = withFailure(trial(1, 10, 1_000_000_000L, 10, Map.of(), 1), died);
        LoadPlan plan = LoadPlan.closed(1).withDuration(Duration.ofSeconds(1)).withTrials(3);

        RunResult r = RunResults.assemble(
                "Tests.died", RunResults.plan(plan, "full"), null, null, List.of(first, second), false);

        assertThat(r.targetFailure()).isEqualTo(died);
        assertThat(r.targetFailure().message()).isEqualTo("target exited with code 137 at 12.3 s into trial 2 of 3");
        assertThat(RunResults.assemble("Tests.alive", RunResults.plan(plan, "full"), null, null, List.of(first), false)
                        .targetFailure())
                .isNull();
    }

    private static TrialData withFailure(TrialData t, TargetFailure failure) {
        return new TrialData(
                t.trial(),
                t.startedAtEpochMillis(),
                t.finishedAtEpochMillis(),
                t.measuredNanos(),
                t.completedIterations(),
                t.failedIterations(),
                t.errorsByCode(),
                t.peakActiveChannels(),
                t.latencies(),
                t.clampedCounts(),
                t.counters(),
                t.timeSeries(),
                t.resourceSource(),
                t.serverSeries(),
                t.generatorSeries(),
                t.gcCount(),
                t.gcTimeMillis(),
                t.schedulingLagP99Nanos(),
                t.healthSeries(),
                failure);
    }

    @Test
    void oneTrialHasNoTrialFigures() {
        TrialData only = trial(0, 10, 1_000_000_000L, 10, Map.of(), 1);
        RunResult r = RunResults.assemble(
                "Tests.one", RunResults.plan(LoadPlan.closed(1), "full"), null, null, List.of(only), true);
        assertThat(r.trials()).isEmpty();
        assertThat(r.partial()).isTrue();
        assertThat(r.finishedAtEpochMillis()).isZero();
    }

    private static TrialData trial(
            int index, int values, long measuredNanos, long completed, Map<String, Long> errors, long peakRss) {
        Histogram h = LatencyRecorder.newHistogram();
        for (int i = 0; i < values; i++) {
            h.recordValue(1_000_000L + i);
        }
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        List<ResourceSample> server = List.of(
                new ResourceSample(0, "before", 100_000_000, 1, 1),
                new ResourceSample(500, "load", peakRss, 1, 1),
                new ResourceSample(900, "after", 100_000_000, 1, 1));
        return new TrialData(
                index,
                1_000 + index,
                2_000 + index,
                measuredNanos,
                completed,
                failed,
                errors,
                4,
                Map.of(RunResult.SERVICE_TIME, h),
                Map.of(RunResult.SERVICE_TIME, 0L),
                Map.of(),
                List.of(),
                "fake",
                server,
                List.of(),
                0,
                0,
                -1);
    }
}
