package dev.speechload.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.LatencyRecorder;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
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
        RunResult r = RunResults.assemble("Tests.run", RunResults.plan(plan, "smoke"), null, null,
                List.of(first, second), false);

        assertThat(r.latency(RunResult.SERVICE_TIME).count()).isEqualTo(400);
        assertThat(r.throughput().completedIterations()).isEqualTo(4_000);
        assertThat(r.throughput().throughputPerSecond()).isCloseTo(1_000, within(1e-9));
        assertThat(r.throughput().perChannelPerSecond()).isCloseTo(250, within(1e-9));
        assertThat(r.errors().byCode()).containsExactlyInAnyOrderEntriesOf(Map.of("IO", 15L, "TIMEOUT", 5L));
        assertThat(r.errors().errorRatio()).isCloseTo(20.0 / 4_000, within(1e-12));
        assertThat(r.server().memory().peakBytes()).isEqualTo(500_000_000);
        assertThat(r.trials()).hasSize(2);
        assertThat(r.trials().get(0).throughputPerSecond()).isCloseTo(1_000, within(1e-9));
        assertThat(r.trials().get(1).memoryGrowthBytes()).isEqualTo(400_000_000);
        assertThat(HistogramCodec.decode(r.histograms().get(RunResult.SERVICE_TIME)).getTotalCount()).isEqualTo(400);
        assertThat(r.plan().scale()).isEqualTo("smoke");
        assertThat(r.partial()).isFalse();
    }

    @Test
    void oneTrialHasNoTrialFigures() {
        TrialData only = trial(0, 10, 1_000_000_000L, 10, Map.of(), 1);
        RunResult r = RunResults.assemble("Tests.one", RunResults.plan(LoadPlan.closed(1), "full"), null, null,
                List.of(only), true);
        assertThat(r.trials()).isEmpty();
        assertThat(r.partial()).isTrue();
        assertThat(r.finishedAtEpochMillis()).isZero();
    }

    private static TrialData trial(int index, int values, long measuredNanos, long completed,
                                   Map<String, Long> errors, long peakRss) {
        Histogram h = LatencyRecorder.newHistogram();
        for (int i = 0; i < values; i++) {
            h.recordValue(1_000_000L + i);
        }
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        List<ResourceSample> server = List.of(new ResourceSample(0, "before", 100_000_000, 1, 1),
                new ResourceSample(500, "load", peakRss, 1, 1), new ResourceSample(900, "after", 100_000_000, 1, 1));
        return new TrialData(index, 1_000 + index, 2_000 + index, measuredNanos, completed, failed, errors, 4,
                Map.of(RunResult.SERVICE_TIME, h), Map.of(RunResult.SERVICE_TIME, 0L), Map.of(), List.of(), "fake",
                server, List.of(), 0, 0, -1);
    }
}
