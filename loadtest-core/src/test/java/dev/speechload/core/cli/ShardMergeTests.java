package dev.speechload.core.cli;

import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.ShardRun;
import dev.speechload.core.result.Sharding;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Merging the shards of one plan")
class ShardMergeTests {

    private static final long START = 1_700_000_000_000L;

    private static RunResult shard(int index, int count, RunResult r, long actualStart) {
        return r.withSharding(Sharding.of(index, count, START, actualStart));
    }

    @Test
    void namesItsShardsAndTakesTheWorstHealth() {
        RunResult a = shard(
                0,
                3,
                run().channels(4)
                        .completed(400)
                        .health(HealthStatus.HEALTHY, "HEALTHY")
                        .build(),
                START + 2);
        RunResult b = shard(
                1,
                3,
                run().channels(3)
                        .completed(300)
                        .withoutServer()
                        .health(HealthStatus.COMPROMISED, "COMPROMISED: other processes used 48 % of the machine")
                        .build(),
                START + 9);
        RunResult c = shard(
                2,
                3,
                run().channels(3)
                        .completed(300)
                        .withoutServer()
                        .health(HealthStatus.DEGRADED, "DEGRADED: some steal")
                        .build(),
                START);

        ResultMerger.Merged merged = ResultMerger.merge(List.of("c.json", "a.json", "b.json"), List.of(c, a, b));

        RunResult m = merged.result();
        assertThat(m.partial()).isFalse();
        assertThat(m.plan().channels()).isEqualTo(10);
        assertThat(m.throughput().completedIterations()).isEqualTo(1000);
        assertThat(m.health().status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(m.health().reason())
                .isEqualTo("shard 1/3 (the worst of 3): COMPROMISED: other processes used 48 %" + " of the machine");
        assertThat(m.sharding().merged()).isTrue();
        assertThat(m.sharding().count()).isEqualTo(3);
        assertThat(m.sharding().plannedStartEpochMillis()).isEqualTo(START);
        assertThat(m.sharding().shards()).extracting(ShardRun::source).containsExactly("a.json", "b.json", "c.json");
        assertThat(m.sharding().shards())
                .extracting(ShardRun::health)
                .containsExactly(HealthStatus.HEALTHY, HealthStatus.COMPROMISED, HealthStatus.DEGRADED);
        assertThat(m.sharding().startSpreadMillis()).isEqualTo(9);
        assertThat(m.server()).isEqualTo(a.server());
        assertThat(merged.notes())
                .contains(
                        "the shards started within 9 ms of each other (each by its own machine's"
                                + " clock, so this includes the clocks' offset)",
                        "server resources are taken from a.json (every" + " generator watched the same server)");
    }

    @Test
    void theMergedPageShowsEveryShardWithItsHealth() {
        RunResult a = shard(
                0,
                2,
                run().channels(5)
                        .completed(500)
                        .health(HealthStatus.HEALTHY, "HEALTHY")
                        .build(),
                START + 3);
        RunResult b = shard(
                1,
                2,
                run().channels(5)
                        .completed(480)
                        .health(HealthStatus.DEGRADED, "DEGRADED: steal 6 %")
                        .build(),
                START + 11);
        RunResult m = ResultMerger.merge(List.of("shard-0/T.t.json", "shard-1/T.t.json"), List.of(a, b))
                .result();
        dev.speechload.core.baseline.Verdict verdict = dev.speechload.core.baseline.Verdicts.judge(
                m, java.util.Optional.empty(), dev.speechload.core.baseline.Thresholds.defaults());

        String html =
                dev.speechload.core.report.Reporters.html(new dev.speechload.core.report.TestOutcome(m, verdict, null));

        assertThat(html)
                .contains(
                        "<h3 id=\"shards\">Shards</h3>",
                        "2 of 2 shards merged; planned start ",
                        "they started within 8 ms of each other (each by its own clock)",
                        "<td>0/2</td><td class=\"text\">shard-0/T.t.json</td><td>5</td><td>500</td>",
                        "<td>+11 ms</td><td class=\"status\"><span class=\"badge warn\">DEGRADED</span></td>"
                                + "<td class=\"text\">DEGRADED: steal 6 %</td>");
    }

    @Test
    void aSingleRunsPageHasNoShardTable() {
        RunResult r = run().build();
        dev.speechload.core.baseline.Verdict verdict = dev.speechload.core.baseline.Verdicts.judge(
                r, java.util.Optional.empty(), dev.speechload.core.baseline.Thresholds.defaults());

        assertThat(dev.speechload.core.report.Reporters.html(
                        new dev.speechload.core.report.TestOutcome(r, verdict, null)))
                .doesNotContain("id=\"shards\"");
    }

    @Test
    void aShardStoppedEarlyMakesTheMergePartial() {
        RunResult a = shard(0, 2, run().histogram("service_time", MS, 2 * MS).build(), START);
        RunResult killed =
                shard(1, 2, run().partial().histogram("service_time", 3 * MS).build(), START);

        ResultMerger.Merged merged = ResultMerger.merge(List.of("a.json", "b.json"), List.of(a, killed));

        assertThat(merged.result().partial()).isTrue();
        assertThat(merged.result().finishedAtEpochMillis()).isZero();
        assertThat(merged.result().latency("service_time").count()).isEqualTo(3);
        assertThat(merged.notes())
                .contains("shard 1/2 (b.json) was stopped before it ended: the merged result is" + " marked partial");
    }

    @Test
    void aMissingShardMakesTheMergePartial() {
        RunResult a = shard(0, 3, run().build(), START);
        RunResult c = shard(2, 3, run().build(), START);

        ResultMerger.Merged merged = ResultMerger.merge(List.of("a.json", "c.json"), List.of(a, c));

        assertThat(merged.result().partial()).isTrue();
        assertThat(merged.notes())
                .contains("shard 1/3 is missing: the merged result lacks its load and is marked" + " partial");
    }

    @Test
    void saysSoWhenTheShardsWereAskedToStartTheTestAtDifferentInstants() {
        RunResult a = shard(0, 2, run().build(), START);
        RunResult b = run().build().withSharding(Sharding.of(1, 2, START + 21_000, START + 21_004));

        ResultMerger.Merged merged = ResultMerger.merge(List.of("a.json", "b.json"), List.of(a, b));

        assertThat(merged.notes())
                .contains("the shards were asked to start this test at different instants (2"
                        + " different planned starts, 21000 ms apart): they ran other tests or plans before it, or had another"
                        + " loadtest.startAt, so their loads overlapped only in part; run every shard with the same tests and"
                        + " settings");
        assertThat(ResultMerger.merge(List.of("a.json", "c.json"), List.of(a, shard(1, 2, run().build(), START + 4)))
                        .notes())
                .noneMatch(n -> n.contains("different instants"));
    }

    @Test
    void refusesOneShardTwiceAndShardsOfDifferentSplits() {
        RunResult a = shard(1, 3, run().build(), START);

        assertThatThrownBy(() -> ResultMerger.merge(List.of("a.json", "b.json"), List.of(a, a)))
                .hasMessage("cannot merge one shard twice: a.json and b.json are both shard 1/3 — give each shard's"
                        + " file once");
        assertThatThrownBy(() ->
                        ResultMerger.merge(List.of("a.json", "b.json"), List.of(a, shard(0, 2, run().build(), START))))
                .hasMessage("cannot merge shards of different splits: a.json is shard 1/3 but b.json is shard 0/2"
                        + " — merge the shards of one run");
    }

    @Test
    void linesUpIntervalsByWallClockTime() {
        RunResult a = withSeries(run().build(), START, 10, 20);
        RunResult b = withSeries(run().build(), START + 1000, 5);

        RunResult m = ResultMerger.merge(List.of("a", "b"), List.of(a, b)).result();

        assertThat(m.timeSeries()).extracting(IntervalSample::offsetMillis).containsExactly(1000L, 2000L);
        // b's first second ended at the same wall-clock instant as a's second one.
        assertThat(m.timeSeries()).extracting(IntervalSample::completed).containsExactly(10L, 25L);
    }

    private static RunResult withSeries(RunResult r, long start, long... completedPerSecond) {
        List<IntervalSample> series = new java.util.ArrayList<>();
        for (int i = 0; i < completedPerSecond.length; i++) {
            series.add(new IntervalSample(
                    (i + 1) * 1000L, 1, 2, false, completedPerSecond[i], 0, completedPerSecond[i], MS, 2 * MS));
        }
        return new RunResult(
                r.schemaVersion(),
                r.testName(),
                false,
                start,
                start + 60_000,
                r.plan(),
                r.environment(),
                r.target(),
                r.latencies(),
                r.throughput(),
                r.counters(),
                r.errors(),
                r.server(),
                r.generator(),
                series,
                List.of(),
                List.of(),
                r.histograms(),
                List.of(),
                r.health(),
                List.of(),
                null);
    }
}
