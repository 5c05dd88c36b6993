package dev.speechload.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.record.internal.MetricRegistry;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The per-iteration tally, fed with times of the test's choosing (no clock, no waits). */
class TallyTests {

    private static final long MS = 1_000_000L;
    private final MetricRegistry registry = new MetricRegistry();

    /** Everything recorded so far, as the sampler takes it. */
    private static Histogram taken(LatencyRecorder recorder) {
        recorder.sampleInterval();
        return recorder.total();
    }

    @Test
    void warmUpIterationsAreCountedApartAndReachNoStatistic() {
        Tally tally = new Tally(registry, false, 0);
        tally.iteration(true, 0, 0, 0, 5 * MS, null, null);
        tally.iteration(true, 0, 0, 0, 5 * MS, null, new IOException("reset"));

        assertThat(tally.completed()).isZero();
        assertThat(tally.allCompleted()).isEqualTo(2);
        assertThat(tally.allErrors()).isEqualTo(1);
        assertThat(tally.errors().snapshot()).isEmpty();
        assertThat(taken(tally.service()).getTotalCount()).isZero();
    }

    @Test
    void aFailureIsTimedApartFromServiceAndItsOwnCodeWinsOverTheException() {
        Tally tally = new Tally(registry, false, 0);
        tally.iteration(false, 0, 0, 0, 2 * MS, null, null);
        tally.iteration(false, 0, 0, 0, 1 * MS, "ERR2003", new IOException("closed"));
        tally.iteration(false, 0, 0, 0, 1 * MS, null, new IOException("reset"));

        assertThat(tally.completed()).isEqualTo(3);
        assertThat(tally.errors().snapshot()).containsOnly(Map.entry("ERR2003", 1L), Map.entry("IO", 1L));
        assertThat(taken(tally.service()).getTotalCount()).isEqualTo(1);
        assertThat(taken(tally.failedTime()).getTotalCount()).isEqualTo(2);
    }

    @Test
    void openModelResponseTimeCountsFromTheIntendedStartAndLagOnlyFromAFreeWorker() {
        Tally tally = new Tally(registry, true, 0);
        // Intended at 0, a worker free only at 40 ms (the server's wait), started at 41 ms, ended at 51 ms.
        tally.iteration(false, 0, 40 * MS, 41 * MS, 51 * MS, null, null);

        assertThat(taken(registry.findLatency(RunResult.RESPONSE_TIME)).getMaxValue())
                .isBetween(50 * MS, 52 * MS);
        assertThat(taken(tally.service()).getMaxValue()).isBetween(9 * MS, 11 * MS);
        assertThat(taken(tally.lag()).getMaxValue()).isBetween(MS - MS / 100, MS + MS / 100);
    }

    @Test
    void closedModelWithAnExpectedIntervalFillsInTheIterationsAStallHid() {
        Tally tally = new Tally(registry, false, 10 * MS);
        tally.iteration(false, 0, 0, 0, 100 * MS, null, null);

        assertThat(taken(tally.service()).getTotalCount()).isEqualTo(1);
        // The 100 ms stall hid 9 iterations paced every 10 ms: their corrected times are recorded too.
        assertThat(taken(registry.findLatency(RunResult.RESPONSE_TIME)).getTotalCount())
                .isEqualTo(10);
    }

    @Test
    void measuringStartsAtTheEarliestFirstMeasuredIterationAndPeakActiveIsKept() {
        Tally tally = new Tally(registry, false, 0);
        tally.markMeasuring(30);
        tally.markMeasuring(10);
        tally.markMeasuring(20);
        tally.enter();
        tally.enter();
        tally.exit();
        tally.enter();
        tally.exit();
        tally.exit();

        assertThat(tally.measuring()).isTrue();
        assertThat(tally.measuredStart()).isEqualTo(10);
        assertThat(tally.peakActive()).isEqualTo(2);
        assertThat(tally.active()).isZero();
    }
}
