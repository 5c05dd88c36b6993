package dev.speechload.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceStatsTests {

    @Test
    void computesBeforePeakAfterGrowthReclamationAndSlope() {
        List<ResourceSample> samples = List.of(
                new ResourceSample(0, "before", 100_000_000, 20, 30),
                new ResourceSample(1000, "load", 110_000_000, 60, 80),
                new ResourceSample(2000, "load", -1, -1, -1),
                new ResourceSample(3000, "load", 130_000_000, 62, 81),
                new ResourceSample(4000, "after", 104_000_000, 21, 31));
        ResourceSummary s = ResourceStats.summarize("proc:1", samples);
        assertThat(s.source()).isEqualTo("proc:1");
        assertThat(s.memory().beforeBytes()).isEqualTo(100_000_000);
        assertThat(s.memory().peakBytes()).isEqualTo(130_000_000);
        assertThat(s.memory().afterBytes()).isEqualTo(104_000_000);
        assertThat(s.memory().growthBytes()).isEqualTo(30_000_000);
        assertThat(s.memory().reclamationBytes()).isEqualTo(4_000_000);
        assertThat(s.memory().slopeBytesPerSecond()).isCloseTo(10_000_000, within(1e-3));
        assertThat(s.openFds()).isEqualTo(new ResourceSummary.CountFigures(20, 62, 21, 1));
        assertThat(s.threads()).isEqualTo(new ResourceSummary.CountFigures(30, 81, 31, 1));
    }

    @Test
    void leavesOutWhatCouldNotBeRead() {
        ResourceSummary s = ResourceStats.summarize(
                "metrics:x",
                List.of(new ResourceSample(0, "before", -1, 5, -1), new ResourceSample(1000, "load", -1, 9, -1)));
        assertThat(s.memory()).isNull();
        assertThat(s.threads()).isNull();
        assertThat(s.openFds()).isEqualTo(new ResourceSummary.CountFigures(5, 9, 9, 4));
        assertThat(ResourceStats.summarize(null, List.of())).isNull();
    }
}
