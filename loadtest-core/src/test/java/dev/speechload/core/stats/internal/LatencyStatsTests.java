package dev.speechload.core.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.result.LatencySummary;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatsTests {

    private static final long US = 1_000L;

    @Test
    void percentilesOfAUniformDistributionAreItsRanks() {
        Histogram h = LatencyRecorder.newHistogram();
        for (long v = 1; v <= 10_000; v++) {
            h.recordValue(v * US);
        }
        LatencySummary s = LatencyStats.summarize(h, 0);
        assertThat(s.count()).isEqualTo(10_000);
        assertThat((double) s.p50Nanos()).isCloseTo(5_000 * US, within(5_000 * US * 0.002));
        assertThat((double) s.p90Nanos()).isCloseTo(9_000 * US, within(9_000 * US * 0.002));
        assertThat((double) s.p99Nanos()).isCloseTo(9_900 * US, within(9_900 * US * 0.002));
        assertThat((double) s.p999Nanos()).isCloseTo(9_990 * US, within(9_990 * US * 0.002));
        assertThat((double) s.maxNanos()).isCloseTo(10_000 * US, within(10_000 * US * 0.002));
        assertThat(s.meanNanos()).isCloseTo(5_000.5 * US, within(5_000 * US * 0.002));
        // stdev of the discrete uniform 1..n is sqrt((n^2 - 1) / 12)
        assertThat(s.stdevNanos()).isCloseTo(Math.sqrt((1e8 - 1) / 12) * US, within(2886.75 * US * 0.01));
    }

    @Test
    void aRareSlowModeShowsFromP99Up() {
        Histogram h = LatencyRecorder.newHistogram();
        for (int i = 0; i < 985; i++) {
            h.recordValue(2_000 * US);
        }
        for (int i = 0; i < 15; i++) {
            h.recordValue(500_000 * US);
        }
        LatencySummary s = LatencyStats.summarize(h, 3);
        assertThat((double) s.p95Nanos()).isCloseTo(2_000 * US, within(2_000 * US * 0.002));
        assertThat((double) s.p99Nanos()).isCloseTo(500_000 * US, within(500_000 * US * 0.002));
        assertThat(s.minNanos()).isLessThanOrEqualTo(2_000 * US);
        assertThat(s.clampedCount()).isEqualTo(3);
    }

    @Test
    void anEmptyHistogramGivesTheEmptySummary() {
        assertThat(LatencyStats.summarize(LatencyRecorder.newHistogram(), 0)).isEqualTo(LatencySummary.empty());
    }

    @Test
    void mergingAddsCountsAndLeavesTheInputsAlone() {
        Histogram a = LatencyRecorder.newHistogram();
        Histogram b = LatencyRecorder.newHistogram();
        a.recordValue(1_000 * US);
        b.recordValue(3_000 * US);
        b.recordValue(3_000 * US);
        Histogram merged = LatencyStats.merge(List.of(a, b));
        assertThat(merged.getTotalCount()).isEqualTo(3);
        assertThat(a.getTotalCount()).isEqualTo(1);
        assertThat(b.getTotalCount()).isEqualTo(2);
    }

    @Test
    void aHistogramSurvivesEncodingAndDecoding() {
        Histogram h = LatencyRecorder.newHistogram();
        for (long v = 1; v <= 1000; v++) {
            h.recordValue(v * 37 * US);
        }
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(h));
        assertThat(back).isEqualTo(h);
        assertThat(back.getValueAtPercentile(99)).isEqualTo(h.getValueAtPercentile(99));
    }

    @Test
    void decodingGarbageNamesWhatWasExpected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistogramCodec.decode("bm90IGEgaGlzdG9ncmFt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a base64 encoded, compressed HdrHistogram");
    }
}
