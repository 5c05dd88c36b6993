package dev.speechload.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("@Objective rules")
class ObjectiveRuleTests {

    @Test
    void readsALatencyPercentileInItsTimeUnit() {
        ObjectiveRule rule = ObjectiveRule.parse(" stt.final_latency p95 < 300ms ");
        assertThat(rule.text()).isEqualTo("stt.final_latency p95 < 300ms");
        assertThat(rule.kind()).isEqualTo(ObjectiveRule.Kind.LATENCY);
        assertThat(rule.metric()).isEqualTo("stt.final_latency");
        assertThat(rule.statistic()).isEqualTo("p95");
        assertThat(rule.limit()).isEqualTo(300e6);
        assertThat(rule.lineId()).isEqualTo("objective stt.final_latency p95 < 300ms");
        assertThat(ObjectiveRule.parse("barge_in p99 <= 50 ms").limit()).isEqualTo(50e6);
        assertThat(ObjectiveRule.parse("frame_jitter p50 < 800us").limit()).isEqualTo(800e3);
        assertThat(ObjectiveRule.parse("time_to_first_event p90 < 1.5s").limit())
                .isEqualTo(1.5e9);
    }

    @Test
    void readsThroughputErrorsAndMemoryInTheirUnits() {
        assertThat(ObjectiveRule.parse("throughput >= 40/s").limit()).isEqualTo(40);
        assertThat(ObjectiveRule.parse("errors < 1%").limit()).isEqualTo(0.01);
        assertThat(ObjectiveRule.parse("memory.peak < 2GB").limit()).isEqualTo(2.0 * 1024 * Thresholds.MB);
        assertThat(ObjectiveRule.parse("memory.growth <= 200MB").kind()).isEqualTo(ObjectiveRule.Kind.MEMORY_GROWTH);
    }

    @Test
    void comparesAsWritten() {
        ObjectiveRule below = ObjectiveRule.parse("service_time p95 < 300ms");
        assertThat(below.met(299e6)).isTrue();
        assertThat(below.met(300e6)).isFalse();
        assertThat(ObjectiveRule.parse("service_time p95 <= 300ms").met(300e6)).isTrue();
        assertThat(ObjectiveRule.parse("throughput > 40/s").met(40)).isFalse();
        assertThat(ObjectiveRule.parse("throughput >= 40/s").met(40)).isTrue();
    }

    @Test
    void aMethodsRuleReplacesItsClassesOnTheSameSubject() {
        assertThat(ObjectiveRule.parse("service_time p95 < 1s").subject()).isEqualTo("service_time p95");
        assertThat(ObjectiveRule.parse("errors < 1%").subject()).isEqualTo("errors");
    }

    @Test
    void rejectsAValueWithoutItsUnit() {
        assertThatThrownBy(() -> ObjectiveRule.parse("service_time p95 < 300"))
                .hasMessage("a latency needs a unit: us, ms or s");
        assertThatThrownBy(() -> ObjectiveRule.parse("throughput > 40"))
                .hasMessage("throughput needs a unit: /s (per second)");
        assertThatThrownBy(() -> ObjectiveRule.parse("errors < 0.01"))
                .hasMessage("errors needs a unit: % (of iterations)");
        assertThatThrownBy(() -> ObjectiveRule.parse("memory.peak < 2"))
                .hasMessage("memory needs a unit: KB, MB or GB");
        assertThatThrownBy(() -> ObjectiveRule.parse("memory.peak < 2GiB"))
                .hasMessage("'GiB' is not a unit of memory: use KB, MB or GB");
    }

    @Test
    void rejectsUnknownMetricsPercentilesAndDirections() {
        assertThatThrownBy(() -> ObjectiveRule.parse("cpu < 50%"))
                .hasMessage("unknown metric 'cpu': a latency"
                        + " metric needs a percentile (p50, p90, p95 or p99) as in 'stt.final_latency p95 < 300ms'; other"
                        + " metrics are throughput, errors, memory.peak and memory.growth");
        assertThatThrownBy(() -> ObjectiveRule.parse("service_time p999 < 1s"))
                .hasMessage("percentile 'p999' is not judged: use p50, p90, p95 or p99");
        assertThatThrownBy(() -> ObjectiveRule.parse("throughput p95 > 40/s"))
                .hasMessage("'throughput' takes no percentile, was 'p95': write e.g. 'throughput > 40/s'");
        assertThatThrownBy(() -> ObjectiveRule.parse("throughput < 40/s"))
                .hasMessage("'throughput' is a floor: use > or >=, was <");
        assertThatThrownBy(() -> ObjectiveRule.parse("service_time p95 > 1ms"))
                .hasMessage("'service_time' is a ceiling: use < or <=, was >");
        assertThatThrownBy(() -> ObjectiveRule.parse("errors < 120%"))
                .hasMessage("'errors' must be at most 100%, was 120%");
    }

    @Test
    void rejectsTextThatIsNoRule() {
        assertThatThrownBy(() -> ObjectiveRule.parse("p95 under 300ms"))
                .hasMessage("not a rule: expected " + ObjectiveRule.SYNTAX);
        assertThatThrownBy(() -> ObjectiveRule.parse(""))
                .hasMessageStartingWith("not a rule: expected <latency metric>");
    }
}
