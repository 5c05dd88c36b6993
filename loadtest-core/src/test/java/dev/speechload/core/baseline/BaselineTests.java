package dev.speechload.core.baseline;

import static dev.speechload.core.testkit.RunResultFixture.MB;
import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineTests {

    @Test
    void takesTheRunsHeadlineFigures() {
        RunResult result = run().testName("Stt.streams")
                .p99("time_to_first_event", 3 * MS)
                .histogram("service_time", 5 * MS, 7 * MS)
                .throughput(42.5)
                .errors(3, 0.0005)
                .memory(12 * MB, 1000)
                .fds(20, 23)
                .threads(30, 31)
                .trialsThroughput(41, 42.5, 44)
                .build();

        Baseline b = Baseline.from(result);

        assertThat(b.schemaVersion()).isEqualTo(Baseline.SCHEMA_VERSION);
        assertThat(b.testName()).isEqualTo("Stt.streams");
        assertThat(b.recordedAt()).isEqualTo("2023-11-14T22:14:20Z");
        assertThat(b.gitCommit()).isEqualTo("abc1234");
        assertThat(b.environment().availableProcessors()).isEqualTo(2);
        assertThat(b.load()).isEqualTo(new Baseline.Load("closed", 10, 0, "smoke", 3, 60_000, 0));
        assertThat(b.throughput()).isEqualTo(new Baseline.Throughput(42.5, 4.25, 10, 6000));
        assertThat(b.latencies()).containsOnlyKeys("service_time", "time_to_first_event");
        assertThat(b.latencies().get("time_to_first_event"))
                .isEqualTo(new Baseline.Latency(1000, 1_500_000, 2_400_000, 3 * MS, 2_400_000L));
        assertThat(b.errors()).isEqualTo(new Baseline.Errors(3, 0.0005));
        assertThat(b.memory()).isEqualTo(new Baseline.Memory(100 * MB, 112 * MB, 106 * MB, 12 * MB, 1000));
        assertThat(b.openFds()).isEqualTo(new Baseline.Count(20, 23, 3));
        assertThat(b.threads()).isEqualTo(new Baseline.Count(30, 31, 1));
        assertThat(b.histograms()).isEqualTo(result.histograms());
        assertThat(b.trials()).isEqualTo(result.trials());
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        Baseline b = Baseline.from(run().histogram("service_time", 5 * MS, 9 * MS)
                .trialsP99Millis("service_time", 9, 10, 11)
                .build());

        String json = Json.mapper().writeValueAsString(b);

        assertThat(Json.mapper().readValue(json, Baseline.class)).isEqualTo(b);
    }

    @Test
    void writesKeysInAStableHumanReadableOrder() throws Exception {
        Baseline b = Baseline.from(run().p99("b_metric", MS).p99("a_metric", MS).build());

        String json = Json.mapper().writeValueAsString(b);

        assertThat(json).startsWith("{\n  \"schemaVersion\" : 1,\n  \"testName\" : \"Fixture.run\",\n  \"recordedAt\"");
        assertThat(json.indexOf("\"a_metric\"")).isLessThan(json.indexOf("\"b_metric\""));
        assertThat(json.indexOf("\"b_metric\"")).isLessThan(json.indexOf("\"service_time\""));
        assertThat(Json.mapper()
                        .writeValueAsString(Baseline.from(
                                run().p99("a_metric", MS).p99("b_metric", MS).build())))
                .isEqualTo(json);
    }

    @Test
    void keepsTrialsInTheirOrder() {
        List<TrialFigures> trials = List.of(
                new TrialFigures(2, 5, Map.of(), Map.of(), 0, 0, 0, null, null, null, null),
                new TrialFigures(1, 6, Map.of(), Map.of(), 0, 0, 0, null, null, null, null));
        Baseline b = new Baseline(1, "T.t", null, null, null, null, null, null, null, null, null, null, null, trials);

        assertThat(b.trials()).extracting(TrialFigures::trial).containsExactly(2, 1);
        assertThat(b.latencies()).isEmpty();
        assertThat(b.histograms()).isEmpty();
    }

    @Test
    void holdsItsRunAsTheFirstOfItsRuns() {
        RunResult result = run().throughput(42.5)
                .health(HealthStatus.DEGRADED, "DEGRADED: some pressure")
                .build();

        Baseline b = Baseline.from(result);

        assertThat(b.runs()).hasSize(1);
        Baseline.RunFigures r = b.runs().get(0);
        assertThat(r.recordedAt()).isEqualTo(b.recordedAt());
        assertThat(r.gitCommit()).isEqualTo("abc1234");
        assertThat(r.health()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.healthReason()).isEqualTo("DEGRADED: some pressure");
        assertThat(r.throughputPerSecond()).isEqualTo(42.5);
        assertThat(r.latencies()).isEqualTo(b.latencies());
    }

    @Test
    void appendsRunsKeepingTheNewestAndFollowingTheNewestForItsHeadline() {
        Baseline b = Baseline.from(run().throughput(90).build());
        for (double tp : new double[] {100, 110, 120}) {
            b = b.withRun(run().throughput(tp).build(), 3);
        }

        assertThat(b.runs())
                .extracting(Baseline.RunFigures::throughputPerSecond)
                .containsExactly(100.0, 110.0, 120.0);
        assertThat(b.throughput().aggregatePerSecond()).isEqualTo(120.0);
    }

    @Test
    void appendsToAnOldBaselineWithoutRuns() {
        Baseline old = new Baseline(
                1,
                "Fixture.run",
                null,
                null,
                null,
                null,
                new Baseline.Throughput(90, 9, 10, 6000),
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        Baseline b = old.withRun(run().throughput(100).build(), 5);

        assertThat(b.runs())
                .extracting(Baseline.RunFigures::throughputPerSecond)
                .containsExactly(90.0, 100.0);
    }

    @Test
    void refusesARunOfAnotherTestOrAnotherPlan() {
        Baseline b = Baseline.from(run().build());

        assertThatThrownBy(() -> b.withRun(run().testName("Other.test").build(), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the run is of test 'Other.test', the baseline of 'Fixture.run'");
        assertThatThrownBy(() -> b.withRun(run().channels(50).build(), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was measured under another plan")
                .hasMessageContaining("record a new baseline instead");
    }

    @Test
    void roundTripsItsRunsThroughJson() throws Exception {
        Baseline b = Baseline.from(run().histogram("service_time", 5 * MS, 9 * MS)
                        .trials("service_time", 500, null, 9.5, 10, 10.5)
                        .build())
                .withRun(run().trials("service_time", 500, null, 9, 10, 11).build(), 5);

        String json = Json.mapper().writeValueAsString(b);

        assertThat(Json.mapper().readValue(json, Baseline.class)).isEqualTo(b);
    }
}
