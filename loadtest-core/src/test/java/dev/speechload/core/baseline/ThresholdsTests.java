package dev.speechload.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdsTests {

    @Test
    void defaultsAreTheDesignsTable() {
        Thresholds t = Thresholds.defaults();

        assertThat(t.latencyP99WarnPercent()).isEqualTo(20);
        assertThat(t.latencyP99FailPercent()).isEqualTo(50);
        assertThat(t.throughputDropWarnPercent()).isEqualTo(20);
        assertThat(t.throughputDropFailPercent()).isInfinite();
        assertThat(t.memoryGrowthWarnPercent()).isEqualTo(50);
        assertThat(t.memoryGrowthFailPercent()).isInfinite();
        assertThat(t.memorySlopeFailBytesPerSecond()).isEqualTo(0.1 * 1024 * 1024);
        assertThat(t.errorRatioFail()).isEqualTo(0.05);
        assertThat(t.latencyFloorNanos()).isEqualTo(2_000_000);
        assertThat(t.memoryFloorBytes()).isEqualTo(5 * 1024 * 1024);
    }

    @Test
    void scalingMakesTheSettingThePercentileWarnLevelAndKeepsProportions() {
        Thresholds t = Thresholds.defaults().scaledTo(10);

        assertThat(t.latencyP99WarnPercent()).isEqualTo(10);
        assertThat(t.latencyP99FailPercent()).isEqualTo(25);
        assertThat(t.throughputDropWarnPercent()).isEqualTo(10);
        assertThat(t.memoryGrowthWarnPercent()).isEqualTo(25);
        assertThat(t.errorRatioFail()).isEqualTo(0.05);
        assertThat(t.memorySlopeFailBytesPerSecond())
                .isEqualTo(Thresholds.defaults().memorySlopeFailBytesPerSecond());
        assertThat(t.latencyFloorNanos()).isEqualTo(2_000_000);
        assertThat(Thresholds.defaults().scaledTo(20)).isEqualTo(Thresholds.defaults());
    }

    @Test
    void rejectsANonPositiveScale() {
        assertThatThrownBy(() -> Thresholds.defaults().scaledTo(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("regression threshold must be a positive number of percent (e.g. 20), was 0.0");
        assertThatThrownBy(() -> Thresholds.defaults().scaledTo(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overridesSetOneRuleEach() {
        Thresholds t = Thresholds.defaults()
                .withLatencyP99(5, 10)
                .withLatencyFloor(Duration.ofMillis(3))
                .withMemoryFloor(1)
                .withThroughputFloor(2)
                .withLeakLimits(1, 2)
                .withMemorySlopeLimit(7)
                .withErrorRatioLimit(0.5)
                .withMemoryGrowth(10, 20)
                .withThroughputDrop(30, 60);

        assertThat(t).isEqualTo(new Thresholds(5, 10, 30, 60, 10, 20, 7, 0.5, 1, 2, 3_000_000, 2, 1, 30_000, 100));
    }

    @Test
    void rejectsAFailLevelBelowTheWarnLevelNamingTheRule() {
        assertThatThrownBy(() -> Thresholds.defaults().withLatencyP99(50, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency p99: warn must be > 0 % and fail >= warn, were warn 50.0 %, fail 20.0 %");
        assertThatThrownBy(() -> Thresholds.defaults().withErrorRatioLimit(5))
                .hasMessage("error ratio limit must be in 0..1, was 5.0");
    }
}
