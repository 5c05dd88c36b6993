package dev.speechload.core.baseline;

import static dev.speechload.core.baseline.VerdictStatus.FAIL;
import static dev.speechload.core.baseline.VerdictStatus.NO_BASELINE;
import static dev.speechload.core.baseline.VerdictStatus.PASS;
import static dev.speechload.core.baseline.VerdictStatus.WARN;
import static dev.speechload.core.testkit.RunResultFixture.MB;
import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RunResultFixture;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Verdicts.judge")
class VerdictsTests {

    private static final String P99 = "latency.service_time.p99";
    private static final double SLOPE_LIMIT = 0.1 * MB;

    /** name, baseline run, current run, metric, expected status. Each threshold at, below and above its boundary. */
    static Stream<Arguments> boundaries() {
        return Stream.of(
                // latency p99: baseline 10 ms; warn > +20 %, fail > +50 %
                row("p99 improved", b -> b, c -> c.p99("service_time", 8 * MS), P99, PASS),
                row("p99 below warn", b -> b, c -> c.p99("service_time", 11 * MS), P99, PASS),
                row("p99 at warn (+20 %)", b -> b, c -> c.p99("service_time", 12 * MS), P99, PASS),
                row("p99 above warn", b -> b, c -> c.p99("service_time", 12 * MS + 1), P99, WARN),
                row("p99 at fail (+50 %)", b -> b, c -> c.p99("service_time", 15 * MS), P99, WARN),
                row("p99 above fail", b -> b, c -> c.p99("service_time", 15 * MS + 1), P99, FAIL),
                // latency floor 2 ms: baseline 1 ms, +190 % is noise, +200 % (exactly 2 ms) too, beyond is not
                row(
                        "p99 +190 % under the floor",
                        b -> b.p99("service_time", MS), c -> c.p99("service_time", 2_900_000), P99, PASS),
                row("p99 at the floor", b -> b.p99("service_time", MS), c -> c.p99("service_time", 3 * MS), P99, PASS),
                row(
                        "p99 above the floor",
                        b -> b.p99("service_time", MS),
                        c -> c.p99("service_time", 3 * MS + 1),
                        P99,
                        FAIL),
                // throughput: baseline 100/s; warn < -20 %
                row("throughput up", b -> b, c -> c.throughput(120), "throughput", PASS),
                row("throughput below warn", b -> b, c -> c.throughput(81), "throughput", PASS),
                row("throughput at warn (-20 %)", b -> b, c -> c.throughput(80), "throughput", PASS),
                row("throughput above warn", b -> b, c -> c.throughput(79.9), "throughput", WARN),
                row("throughput collapsed never fails", b -> b, c -> c.throughput(1), "throughput", WARN),
                // throughput floor 0.5/s: baseline 2/s
                row("throughput -25 % at the floor", b -> b.throughput(2), c -> c.throughput(1.5), "throughput", PASS),
                row(
                        "throughput -30 % above the floor",
                        b -> b.throughput(2), c -> c.throughput(1.4), "throughput", WARN),
                row("throughput zero baseline", b -> b.throughput(0), c -> c.throughput(10), "throughput", PASS),
                // memory growth: baseline 20 MB; warn > +50 %; floor 5 MB
                row(
                        "memory growth below warn",
                        b -> b.memory(20 * MB, 0),
                        c -> c.memory(29 * MB, 0),
                        "memory.growth",
                        PASS),
                row(
                        "memory growth at warn",
                        b -> b.memory(20 * MB, 0),
                        c -> c.memory(30 * MB, 0),
                        "memory.growth",
                        PASS),
                row(
                        "memory growth above warn",
                        b -> b.memory(20 * MB, 0),
                        c -> c.memory(30 * MB + 1024, 0),
                        "memory.growth",
                        WARN),
                row(
                        "memory growth at the floor",
                        b -> b.memory(2 * MB, 0),
                        c -> c.memory(7 * MB, 0),
                        "memory.growth",
                        PASS),
                row(
                        "memory growth above the floor",
                        b -> b.memory(2 * MB, 0),
                        c -> c.memory(7 * MB + 1, 0),
                        "memory.growth",
                        WARN),
                row(
                        "memory growth from zero under the floor",
                        b -> b.memory(0, 0),
                        c -> c.memory(4 * MB, 0),
                        "memory.growth",
                        PASS),
                row(
                        "memory growth from zero beyond the floor",
                        b -> b.memory(0, 0),
                        c -> c.memory(6 * MB, 0),
                        "memory.growth",
                        WARN),
                // memory slope: hard limit 0.1 MB/s
                row("slope below limit", b -> b, c -> c.memory(10 * MB, SLOPE_LIMIT / 2), "memory.slope", PASS),
                row("slope at limit", b -> b, c -> c.memory(10 * MB, SLOPE_LIMIT), "memory.slope", PASS),
                row("slope above limit", b -> b, c -> c.memory(10 * MB, SLOPE_LIMIT + 1), "memory.slope", FAIL),
                // error ratio: hard limit 5 %
                row("errors below limit", b -> b, c -> c.errors(60, 0.01), "errors.ratio", PASS),
                row("errors at limit", b -> b, c -> c.errors(300, 0.05), "errors.ratio", PASS),
                row("errors above limit", b -> b, c -> c.errors(301, 0.0502), "errors.ratio", FAIL),
                // fds / threads: warn when after - before exceeds the baseline's delta by more than 10
                row("fds +10 at the limit", b -> b, c -> c.fds(20, 30), "fds.delta", PASS),
                row("fds +11 above the limit", b -> b, c -> c.fds(20, 31), "fds.delta", WARN),
                row("fds over a leaky baseline", b -> b.fds(20, 25), c -> c.fds(20, 35), "fds.delta", PASS),
                row("fds beyond a leaky baseline", b -> b.fds(20, 25), c -> c.fds(20, 36), "fds.delta", WARN),
                row("threads +11", b -> b, c -> c.threads(30, 41), "threads.delta", WARN),
                row("threads shrink", b -> b, c -> c.threads(30, 25), "threads.delta", PASS));
    }

    private static Arguments row(
            String name,
            UnaryOperator<RunResultFixture> base,
            UnaryOperator<RunResultFixture> now,
            String metric,
            VerdictStatus expected) {
        return arguments(name, base, now, metric, expected);
    }

    @ParameterizedTest(name = "{0}: {3} is {4}")
    @MethodSource("boundaries")
    void judgesEachThresholdAtItsBoundary(
            String name,
            UnaryOperator<RunResultFixture> base,
            UnaryOperator<RunResultFixture> now,
            String metric,
            VerdictStatus expected) {
        Baseline baseline = Baseline.from(base.apply(run()).build());
        Verdict verdict = Verdicts.judge(now.apply(run()).build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(metric(verdict, metric).status())
                .as(metric(verdict, metric).reason())
                .isEqualTo(expected);
    }

    static Stream<Arguments> hardLimitsWithoutBaseline() {
        return Stream.of(
                row("slope above limit", b -> b, c -> c.memory(10 * MB, SLOPE_LIMIT + 1), "memory.slope", FAIL),
                row("slope within limit", b -> b, c -> c.memory(10 * MB, 0), "memory.slope", NO_BASELINE),
                row("errors above limit", b -> b, c -> c.errors(600, 0.1), "errors.ratio", FAIL),
                row("errors within limit", b -> b, c -> c.errors(6, 0.001), "errors.ratio", NO_BASELINE),
                row("fds leak", b -> b, c -> c.fds(20, 31), "fds.delta", WARN),
                row("no fds leak", b -> b, c -> c.fds(20, 30), "fds.delta", NO_BASELINE),
                row("p99 has nothing to compare", b -> b, c -> c.p99("service_time", 99 * MS), P99, NO_BASELINE),
                row("throughput has nothing to compare", b -> b, c -> c.throughput(1), "throughput", NO_BASELINE));
    }

    @ParameterizedTest(name = "{0}: {3} is {4}")
    @MethodSource("hardLimitsWithoutBaseline")
    void judgesHardLimitsEvenWithoutBaseline(
            String name,
            UnaryOperator<RunResultFixture> unused,
            UnaryOperator<RunResultFixture> now,
            String metric,
            VerdictStatus expected) {
        Verdict verdict = Verdicts.judge(now.apply(run()).build(), Optional.empty(), Thresholds.defaults());

        assertThat(metric(verdict, metric).status()).isEqualTo(expected);
        assertThat(verdict.baselineFound()).isFalse();
    }

    @Test
    void overallIsNoBaselineForAFirstRunWithinHardLimits() {
        Verdict verdict = Verdicts.judge(run().build(), Optional.empty(), Thresholds.defaults());

        assertThat(verdict.overall()).isEqualTo(NO_BASELINE);
        assertThat(verdict.metrics()).extracting(MetricVerdict::status).containsOnly(NO_BASELINE);
    }

    @Test
    void overallIsTheWorstMetric() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().throughput(50).errors(600, 0.1).build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.overall()).isEqualTo(FAIL);
        assertThat(verdict.metricsWithStatus(FAIL))
                .extracting(MetricVerdict::metric)
                .containsExactly("errors.ratio");
        assertThat(verdict.metricsWithStatus(WARN))
                .extracting(MetricVerdict::metric)
                .containsExactly("throughput");
    }

    @Test
    void reportsP50AndP95WithoutJudgingThem() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().latency(
                        "service_time",
                        new LatencySummary(
                                1000, 1, 50 * MS, 60 * MS, 70 * MS, 10 * MS + 70 * MS, 90 * MS, 90 * MS, 50 * MS, 1, 0))
                .build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        MetricVerdict p50 = metric(verdict, "latency.service_time.p50");
        assertThat(p50.status()).isEqualTo(PASS);
        assertThat(p50.baselineValue()).isEqualTo(5.0 * MS);
        assertThat(p50.currentValue()).isEqualTo(50.0 * MS);
        assertThat(p50.deltaPercent()).isEqualTo(900.0);
        assertThat(p50.threshold()).isEqualTo("reported, not judged");
        assertThat(metric(verdict, "latency.service_time.p95").status()).isEqualTo(PASS);
        assertThat(metric(verdict, P99).status()).isEqualTo(FAIL);
    }

    @Test
    void statesValuesDeltaRuleAndReasonOfAJudgedMetric() {
        Baseline baseline = Baseline.from(run().build());
        Verdict verdict = Verdicts.judge(
                run().p99("service_time", 13 * MS).build(), Optional.of(baseline), Thresholds.defaults());

        MetricVerdict p99 = metric(verdict, P99);
        assertThat(p99.unit()).isEqualTo("ns");
        assertThat(p99.baselineValue()).isEqualTo(10.0 * MS);
        assertThat(p99.currentValue()).isEqualTo(13.0 * MS);
        assertThat(p99.deltaPercent()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p99.threshold()).isEqualTo("warn > +20 %, fail > +50 %; changes up to 2.000 ms are noise");
        assertThat(p99.reason()).isEqualTo("10.0 ms -> 13.0 ms (+30.0 %), beyond the warn level of +20 %; n = 1,000");
        assertThat(p99.count()).isEqualTo(1000L);
    }

    @Test
    void judgesEveryLatencyMetricPresentInBothAndMarksNewOnesNoBaseline() {
        Baseline baseline =
                Baseline.from(run().p99("time_to_first_event", 2 * MS).build());
        RunResult current = run().p99("time_to_first_event", 5 * MS)
                .p99("stt.final_latency", 30 * MS)
                .build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        assertThat(metric(verdict, "latency.time_to_first_event.p99").status()).isEqualTo(FAIL);
        assertThat(metric(verdict, "latency.stt.final_latency.p99").status()).isEqualTo(NO_BASELINE);
        assertThat(metric(verdict, P99).status()).isEqualTo(PASS);
    }

    @Test
    void neverJudgesTheGeneratorsOwnLatencyMetrics() {
        Baseline baseline =
                Baseline.from(run().p99(RunResult.SCHEDULING_LAG, MS).build());
        RunResult current = run().p99(RunResult.SCHEDULING_LAG, 500 * MS).build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());
        Verdict first = Verdicts.judge(current, Optional.empty(), Thresholds.defaults());
        Verdict dropped = Verdicts.judge(run().build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.metrics()).extracting(MetricVerdict::metric).noneMatch(m -> m.contains("scheduling_lag"));
        assertThat(verdict.overall()).isEqualTo(PASS);
        assertThat(first.metrics()).extracting(MetricVerdict::metric).noneMatch(m -> m.contains("scheduling_lag"));
        assertThat(dropped.notes()).noneMatch(n -> n.contains("scheduling_lag"));
        assertThat(metric(verdict, P99).status()).isEqualTo(PASS);
    }

    @Test
    void neverJudgesTheTimeOfFailedIterations() {
        Baseline baseline = Baseline.from(run().p99(RunResult.FAILED_TIME, MS).build());
        RunResult current = run().p99(RunResult.FAILED_TIME, 500 * MS).build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());
        Verdict dropped = Verdicts.judge(run().build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.metrics()).extracting(MetricVerdict::metric).noneMatch(m -> m.contains("failed_time"));
        assertThat(verdict.overall()).isEqualTo(PASS);
        assertThat(dropped.notes()).noneMatch(n -> n.contains("failed_time"));
    }

    @Test
    void failsARunWhoseTargetDiedWithItsSentenceWhateverTheHealthAndWithoutABaseline() {
        RunResult died = run().targetExited(137, 12_345)
                .health(HealthStatus.COMPROMISED, "COMPROMISED: busy")
                .build();

        for (Verdict verdict : List.of(
                Verdicts.judge(died, Optional.empty(), Thresholds.defaults()),
                Verdicts.judge(died, Optional.of(Baseline.from(run().build())), Thresholds.defaults()))) {
            MetricVerdict alive = metric(verdict, Verdicts.TARGET_ALIVE);
            assertThat(alive.status()).isEqualTo(FAIL);
            assertThat(alive.reason()).isEqualTo("target exited with code 137 at 12.3 s");
            assertThat(verdict.overall()).isEqualTo(FAIL);
            assertThat(VerdictMessages.failureMessage(verdict))
                    .contains("  - target.alive: target exited with code 137 at 12.3 s");
        }
        assertThat(Verdicts.judge(run().build(), Optional.empty(), Thresholds.defaults())
                        .metrics())
                .extracting(MetricVerdict::metric)
                .doesNotContain(Verdicts.TARGET_ALIVE);
    }

    @Test
    void notesALatencyMetricOnlyTheBaselineHas() {
        Baseline baseline =
                Baseline.from(run().p99("time_to_first_event", 2 * MS).build());

        Verdict verdict = Verdicts.judge(run().build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.metrics())
                .extracting(MetricVerdict::metric)
                .noneMatch(m -> m.contains("time_to_first_event"));
        assertThat(verdict.notes())
                .contains(
                        "The baseline has latency metric 'time_to_first_event', which this run did not record: not judged");
    }

    @Test
    void skipsALatencyMetricWithoutValues() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current =
                run().latency("service_time", LatencySummary.empty()).build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.metrics()).extracting(MetricVerdict::metric).noneMatch(m -> m.startsWith("latency."));
        assertThat(verdict.notes()).anyMatch(n -> n.contains("'service_time' recorded no values"));
    }

    @Test
    void treatsABaselineLatencyWithoutValuesAsNoBaseline() {
        Baseline baseline = Baseline.from(
                run().latency("service_time", LatencySummary.empty()).build());

        Verdict verdict = Verdicts.judge(run().build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(metric(verdict, P99).status()).isEqualTo(NO_BASELINE);
        assertThat(metric(verdict, P99).deltaPercent()).isNull();
    }

    @Test
    void leavesOutWhatWasNotMeasuredAndSaysSo() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().withoutServer().withoutThroughput().build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.metrics())
                .extracting(MetricVerdict::metric)
                .containsExactly("latency.service_time.p50", "latency.service_time.p95", P99, "errors.ratio");
        assertThat(verdict.notes())
                .contains(
                        "This run has no throughput figures: throughput not judged",
                        "The server's memory was not measured: memory growth and slope not judged");
    }

    @Test
    void notesAnEnvironmentMismatchWithoutChangingStatuses() {
        Baseline baseline = Baseline.from(run().cores(8).java("21.0.2").build());
        RunResult current = run().p99("service_time", 13 * MS).build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.notes())
                .containsExactly("Environment differs from the baseline's (8 -> 2 cores,"
                        + " Java 21.0.2 -> 17.0.9): deltas may reflect the machine rather than the code; re-record the"
                        + " baseline on this kind of machine to compare like with like");
        assertThat(verdict.overall()).isEqualTo(WARN);
    }

    @Test
    void addsNoEnvironmentNoteForAPatchLevelJavaUpdate() {
        Baseline baseline = Baseline.from(run().java("17.0.2").build());

        Verdict verdict = Verdicts.judge(run().build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.notes()).isEmpty();
        assertThat(verdict.overall()).isEqualTo(PASS);
    }

    @Test
    void notesALoadMismatch() {
        Baseline baseline = Baseline.from(run().channels(50).scale("full").build());

        Verdict verdict = Verdicts.judge(run().build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.notes())
                .containsExactly("Load differs from the baseline's (50 -> 10 channels,"
                        + " scale full -> smoke): the figures measure different work; record a baseline for this load");
    }

    @Test
    void notesAPartialRun() {
        Verdict verdict = Verdicts.judge(run().partial().build(), Optional.empty(), Thresholds.defaults());

        assertThat(verdict.notes()).anyMatch(n -> n.startsWith("This run is partial"));
    }

    @Test
    void scaledThresholdsMoveTheBoundaries() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().p99("service_time", 13 * MS).build();

        Thresholds looser = Thresholds.defaults().scaledTo(40);
        Thresholds stricter = Thresholds.defaults().scaledTo(5);

        assertThat(metric(Verdicts.judge(current, Optional.of(baseline), looser), P99)
                        .status())
                .isEqualTo(PASS);
        assertThat(metric(Verdicts.judge(current, Optional.of(baseline), stricter), P99)
                        .status())
                .isEqualTo(FAIL);
    }

    @Test
    void perTestOverridesApply() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().throughput(50).errors(600, 0.1).build();
        Thresholds t = Thresholds.defaults().withThroughputDrop(20, 40).withErrorRatioLimit(0.2);

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), t);

        assertThat(metric(verdict, "throughput").status()).isEqualTo(FAIL);
        assertThat(metric(verdict, "errors.ratio").status()).isEqualTo(PASS);
    }

    @Test
    void judgesTrialsOnTheirSpreadWhenBothSidesHaveThem() {
        Baseline baseline = Baseline.from(run().trialsP99Millis("service_time", 9.8, 10.0, 10.1, 10.2, 9.9)
                .build());
        RunResult current = run().p99("service_time", 16 * MS)
                .trialsP99Millis("service_time", 16.0, 16.2, 15.9, 16.4, 16.1)
                .build();

        MetricVerdict p99 = metric(Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults()), P99);

        assertThat(p99.status()).isEqualTo(FAIL);
        assertThat(p99.baselineValue()).isEqualTo(10.0 * MS);
        assertThat(p99.currentValue()).isEqualTo(16_100_000.0);
        assertThat(p99.reason()).startsWith("median of 5 vs 5 trials 10.0 ms -> 16.1 ms (+61.0 %); 95 % interval");
    }

    @Test
    void noisyTrialsDoNotFailWhereASingleNumberWould() {
        Baseline baseline = Baseline.from(
                run().trialsP99Millis("service_time", 8, 10, 12, 9, 11).build());
        RunResult current = run().p99("service_time", 17 * MS)
                .trialsP99Millis("service_time", 7, 16, 9, 17, 15)
                .build();

        Verdict withTrials = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());
        Verdict singleNumber =
                Verdicts.judge(current, Optional.of(Baseline.from(run().build())), Thresholds.defaults());

        assertThat(metric(withTrials, P99).status()).isEqualTo(PASS);
        // +50 % by the medians, but the trials' interval still includes no worsening: not significant
        assertThat(metric(withTrials, P99).reason()).contains("beyond the warn level of +20 % but not significantly");
        assertThat(metric(singleNumber, P99).status()).isEqualTo(FAIL);
    }

    @Test
    void judgesThroughputTrialsOnTheirSpread() {
        Baseline baseline =
                Baseline.from(run().trialsThroughput(100, 101, 99, 100, 102).build());
        RunResult current =
                run().throughput(60).trialsThroughput(60, 61, 59, 62, 60).build();

        MetricVerdict throughput =
                metric(Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults()), "throughput");

        assertThat(throughput.status()).isEqualTo(WARN);
        assertThat(throughput.reason()).startsWith("median of 5 vs 5 trials 100.0/s -> 60.0/s (-40.0 %)");
    }

    @Test
    void fallsBackToAggregateFiguresWhenOnlyOneSideHasTrials() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().trialsP99Millis("service_time", 10, 10, 10).build();

        Verdict verdict = Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());

        assertThat(verdict.notes())
                .contains(
                        "Trials: the baseline has 0, this run 3; judged on the aggregate figures, not on the trials' spread");
        assertThat(metric(verdict, P99).reason()).doesNotContain("trials");
    }

    @Test
    void isDeterministic() {
        Baseline baseline = Baseline.from(
                run().trialsP99Millis("service_time", 8, 10, 12, 9, 11).build());
        RunResult current =
                run().trialsP99Millis("service_time", 9, 13, 11, 14, 12).build();

        assertThat(Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults()))
                .isEqualTo(Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults()));
    }

    @Test
    void leavesTheSlopeOfAShortLoadPhaseUnjudgedAndSaysWhy() {
        RunResult shortRun =
                RunResultFixture.run().memory(10 * MB, 2 * MB).loadReadings(10).build();

        Verdict verdict = Verdicts.judge(shortRun, Optional.empty(), Thresholds.defaults());

        assertThat(verdict.metrics()).extracting(MetricVerdict::metric).doesNotContain("memory.slope");
        assertThat(verdict.notes())
                .anySatisfy(note -> assertThat(note)
                        .startsWith("Memory slope not judged: the load phase gave 10 readings over 9.0 s"));
        assertThat(verdict.overall()).isNotEqualTo(FAIL);
    }

    @Test
    void failsAnOpenModelRunThatMissedMoreThanOnePercentOfItsArrivalsWhateverItsHealth() {
        RunResult missed = RunResultFixture.run()
                .open(100, 200)
                .health(HealthStatus.COMPROMISED, "COMPROMISED: 3.2 % of the planned arrivals were missed")
                .build();

        Verdict verdict = Verdicts.judge(
                missed,
                Optional.of(Baseline.from(RunResultFixture.run().open(100, 0).build())),
                Thresholds.defaults());

        assertThat(verdict.overall()).isEqualTo(FAIL);
        MetricVerdict line = verdict.metrics().stream()
                .filter(m -> m.metric().equals("arrivals.missed_ratio"))
                .findFirst()
                .orElseThrow();
        assertThat(line.status()).isEqualTo(FAIL);
        assertThat(line.reason())
                .isEqualTo("missed arrivals (200 of 6200 planned) 3.23 % is above the limit of"
                        + " 1.00 %: the plan's 100.0 arrivals/s were not delivered; the server fell behind them (response_time"
                        + " shows the wait) or 10 channels are too few for them");
    }

    @Test
    void passesAnOpenModelRunThatDeliveredItsPlanAndJudgesNoMissedLineInTheClosedModel() {
        RunResult delivered = RunResultFixture.run().open(100, 30).build();
        Verdict verdict = Verdicts.judge(delivered, Optional.of(Baseline.from(delivered)), Thresholds.defaults());
        assertThat(verdict.metrics())
                .filteredOn(m -> m.metric().equals("arrivals.missed_ratio"))
                .singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(VerdictStatus.PASS));

        RunResult closed = RunResultFixture.run().build();
        assertThat(Verdicts.judge(closed, Optional.empty(), Thresholds.defaults())
                        .metrics())
                .noneMatch(m -> m.metric().equals("arrivals.missed_ratio"));
    }

    @Test
    void wordsTheShortSlopeNoteByWhatIsKnownOfTheServer() {
        RunResult java = RunResultFixture.run()
                .memory(10 * MB, 0)
                .loadReadings(10)
                .target("/usr/bin/java -Xmx96m -jar speechload-server.jar")
                .build();
        RunResult python = RunResultFixture.run()
                .memory(10 * MB, 0)
                .loadReadings(10)
                .target("python3 -m uvicorn app:app --port 8000")
                .build();

        assertThat(Verdicts.judge(java, Optional.empty(), Thresholds.defaults()).notes())
                .anySatisfy(note -> assertThat(note).contains("a JVM warming up"));
        assertThat(Verdicts.judge(python, Optional.empty(), Thresholds.defaults())
                        .notes())
                .anySatisfy(note ->
                        assertThat(note).contains("a server still warming up").doesNotContain("JVM"));
    }

    @Test
    void judgesTheSlopeOfAShortLoadPhaseWhenTheWindowIsLowered() {
        RunResult shortRun =
                RunResultFixture.run().memory(10 * MB, 2 * MB).loadReadings(10).build();
        Thresholds shortWindow = Thresholds.defaults().withMemorySlopeMinWindow(java.time.Duration.ofSeconds(5));

        assertThat(metric(Verdicts.judge(shortRun, Optional.empty(), shortWindow), "memory.slope")
                        .status())
                .isEqualTo(FAIL);
    }

    @Test
    void judgesOnlyTheSlopeBeyondTheBaselinesOwn() {
        Baseline warmingUp =
                Baseline.from(RunResultFixture.run().memory(10 * MB, 0.3 * MB).build());
        RunResult same = RunResultFixture.run().memory(10 * MB, 0.35 * MB).build();
        RunResult leaking = RunResultFixture.run().memory(10 * MB, 0.45 * MB).build();

        MetricVerdict sameSlope =
                metric(Verdicts.judge(same, Optional.of(warmingUp), Thresholds.defaults()), "memory.slope");
        MetricVerdict leak =
                metric(Verdicts.judge(leaking, Optional.of(warmingUp), Thresholds.defaults()), "memory.slope");

        assertThat(sameSlope.status()).isEqualTo(PASS);
        assertThat(leak.status()).isEqualTo(FAIL);
        assertThat(leak.threshold()).isEqualTo("fail > baseline's slope + 0.100 MB/s (hard limit)");
    }

    @Test
    void failsADescriptorLeakBeyondTheFailLimitAndWarnsBelowIt() {
        Baseline steady = Baseline.from(RunResultFixture.run().fds(20, 22).build());
        RunResult slowLeak = RunResultFixture.run().fds(20, 60).build();
        RunResult leak = RunResultFixture.run().fds(20, 200).build();

        MetricVerdict warned =
                metric(Verdicts.judge(slowLeak, Optional.of(steady), Thresholds.defaults()), "fds.delta");
        MetricVerdict failed = metric(Verdicts.judge(leak, Optional.of(steady), Thresholds.defaults()), "fds.delta");

        assertThat(warned.status()).isEqualTo(WARN);
        assertThat(failed.status()).isEqualTo(FAIL);
        assertThat(failed.threshold()).isEqualTo("warn > baseline's delta + 10, fail > baseline's delta + 100 (leak)");
        assertThat(metric(
                                Verdicts.judge(
                                        leak,
                                        Optional.of(steady),
                                        Thresholds.defaults().withFdLeakFail(500)),
                                "fds.delta")
                        .status())
                .isEqualTo(WARN);
    }

    static MetricVerdict metric(Verdict verdict, String metric) {
        return verdict.metrics().stream()
                .filter(m -> m.metric().equals(metric))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + metric + " in " + verdict.metrics()));
    }
}
