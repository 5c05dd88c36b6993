package dev.speechload.core.baseline;

import static dev.speechload.core.baseline.VerdictStatus.FAIL;
import static dev.speechload.core.baseline.VerdictStatus.INCONCLUSIVE;
import static dev.speechload.core.baseline.VerdictStatus.PASS;
import static dev.speechload.core.baseline.VerdictStatus.WARN;
import static dev.speechload.core.baseline.VerdictsTests.metric;
import static dev.speechload.core.result.HealthStatus.COMPROMISED;
import static dev.speechload.core.result.HealthStatus.DEGRADED;
import static dev.speechload.core.testkit.RunResultFixture.MB;
import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Verdicts.judge: health, sample sizes and the baseline's noise")
class VerdictsUncertaintyTests {

    private static final String P99 = "latency.service_time.p99";
    private static final String WHY = "other processes used 48 % of the machine's 2 cores (limit 20 %)";
    private static final String HOG = "COMPROMISED: " + WHY;

    private static Verdict judge(RunResult current, Baseline baseline) {
        return Verdicts.judge(current, Optional.of(baseline), Thresholds.defaults());
    }

    // --- health -------------------------------------------------------------------------------

    @Test
    void aCompromisedRunLeavesTimingsInconclusiveButStillFailsErrorsAndLeaks() {
        Baseline baseline = Baseline.from(run().build());
        RunResult current = run().p99("service_time", 30 * MS)
                .throughput(50)
                .errors(600, 0.1)
                .fds(20, 200)
                .health(COMPROMISED, HOG)
                .build();

        Verdict verdict = judge(current, baseline);

        for (String timing : new String[] {P99, "throughput", "memory.growth"}) {
            assertThat(metric(verdict, timing).status()).as(timing).isEqualTo(INCONCLUSIVE);
            assertThat(metric(verdict, timing).reason())
                    .as(timing)
                    .startsWith("not judged: the measurement was compromised: " + WHY);
        }
        for (String reported : new String[] {"latency.service_time.p50", "latency.service_time.p95"}) {
            assertThat(metric(verdict, reported).threshold()).as(reported).isEqualTo("reported, not judged");
            assertThat(metric(verdict, reported).status()).as(reported).isEqualTo(PASS);
        }
        assertThat(metric(verdict, "errors.ratio").status()).isEqualTo(FAIL);
        assertThat(metric(verdict, "fds.delta").status()).isEqualTo(FAIL);
        assertThat(verdict.overall()).isEqualTo(FAIL);
        assertThat(verdict.notes()).anySatisfy(n -> assertThat(n).startsWith("Measurement COMPROMISED: " + WHY));
    }

    @Test
    void aCompromisedRunWithoutABaselineStaysNoBaseline() {
        // Nothing is compared, so there is nothing to distrust: a first run on a busy machine is
        // not aborted as INCONCLUSIVE.
        Verdict verdict =
                Verdicts.judge(run().health(COMPROMISED, HOG).build(), Optional.empty(), Thresholds.defaults());

        assertThat(verdict.metricsWithStatus(INCONCLUSIVE)).isEmpty();
        assertThat(verdict.overall()).isEqualTo(VerdictStatus.NO_BASELINE);
        assertThat(verdict.notes()).anySatisfy(n -> assertThat(n).startsWith("Measurement COMPROMISED: " + WHY));
    }

    @Test
    void aCompromisedRunOfUnchangedCodeIsNeitherPassNorFail() {
        Verdict verdict = judge(run().health(COMPROMISED, HOG).build(), Baseline.from(run().build()));

        assertThat(metric(verdict, P99).status()).isEqualTo(INCONCLUSIVE);
        assertThat(verdict.overall()).isEqualTo(INCONCLUSIVE);
    }

    @Test
    void aDegradedRunIsJudgedWithANoteSoALargeRegressionStillFails() {
        Baseline baseline = Baseline.from(run().build());
        String degraded = "DEGRADED: CPU pressure 12 % of the time (limit 5 %)";

        MetricVerdict big = metric(
                judge(
                        run().p99("service_time", 30 * MS)
                                .health(DEGRADED, degraded)
                                .build(),
                        baseline),
                P99);
        MetricVerdict warn = metric(
                judge(
                        run().p99("service_time", 13 * MS)
                                .health(DEGRADED, degraded)
                                .build(),
                        baseline),
                P99);
        Verdict small = judge(
                run().p99("service_time", 11 * MS).health(DEGRADED, degraded).build(), baseline);

        assertThat(big.status()).isEqualTo(FAIL);
        assertThat(big.reason()).startsWith("10.0 ms -> 30.0 ms (+200.0 %)").contains("beyond the fail level of +50 %");
        assertThat(warn.status()).isEqualTo(WARN);
        assertThat(metric(small, P99).status()).isEqualTo(PASS);
        assertThat(small.overall()).isEqualTo(PASS);
        assertThat(small.notes()).anySatisfy(n -> assertThat(n).startsWith("Measurement " + degraded));
    }

    @Test
    void leavesCompromisedTrialsOutOfTheTrialRule() {
        HealthStatus[] healthy = new HealthStatus[5];
        Baseline baseline = Baseline.from(run().trials("service_time", 1000, healthy, 9.8, 10.0, 10.1, 10.2, 9.9)
                .build());
        HealthStatus[] twoBad = {COMPROMISED, null, HealthStatus.HEALTHY, COMPROMISED, null};
        HealthStatus[] threeBad = {COMPROMISED, COMPROMISED, null, COMPROMISED, null};

        MetricVerdict kept = metric(
                judge(
                        run().trials("service_time", 1000, twoBad, 40, 10.1, 9.9, 45, 10.0)
                                .build(),
                        baseline),
                P99);
        MetricVerdict tooFew = metric(
                judge(
                        run().trials("service_time", 1000, threeBad, 40, 41, 9.9, 45, 10.0)
                                .build(),
                        baseline),
                P99);

        assertThat(kept.status()).isEqualTo(PASS);
        assertThat(kept.reason())
                .contains("median of 5 vs 3 trials")
                .contains("left out 2 compromised trials (2 of this run, 0 of the baseline)");
        assertThat(tooFew.status()).isEqualTo(INCONCLUSIVE);
        assertThat(tooFew.reason()).contains("left out 3 compromised trials").contains("at least 3 a side");
    }

    @Test
    void neverJudgesTheGeneratorsOwnLatencyWhateverItsHealth() {
        Baseline baseline = Baseline.from(run().p99(RunResult.SCHEDULING_LAG, MS)
                .p99("generator.grpc.send_lag", MS)
                .build());
        RunResult current = run().p99(RunResult.SCHEDULING_LAG, 900 * MS)
                .p99("generator.grpc.send_lag", 900 * MS)
                .health(DEGRADED, "DEGRADED: scheduling lag p99 900 ms")
                .build();

        Verdict verdict = judge(current, baseline);

        assertThat(verdict.metrics()).extracting(MetricVerdict::metric).noneMatch(m -> m.contains("generator."));
        assertThat(verdict.overall()).isEqualTo(PASS);
    }

    // --- percentiles and their sample sizes -----------------------------------------------------

    @Test
    void judgesAtTheHighestPercentileTheCountSupports() {
        Baseline baseline =
                Baseline.from(run().lognormal("service_time", 40, 10 * MS, 1).build());
        Verdict verdict = judge(run().lognormal("service_time", 40, 10 * MS, 2).build(), baseline);

        MetricVerdict p99 = metric(verdict, P99);
        MetricVerdict p90 = metric(verdict, "latency.service_time.p90");
        assertThat(p99.status())
                .as("reported with the reason, not held against the run")
                .isEqualTo(PASS);
        assertThat(p99.threshold()).isEqualTo("reported, not judged");
        assertThat(p99.reason()).isEqualTo("40 values: too few for p99, need at least 368; judged at p90");
        assertThat(p99.count()).isEqualTo(40L);
        assertThat(p90.status()).isIn(PASS, WARN);
        assertThat(p90.reason()).endsWith("; n = 40");
        assertThat(metric(verdict, "latency.service_time.p50").threshold()).isEqualTo("reported, not judged");
        assertThat(metric(verdict, "latency.service_time.p50").reason())
                .contains("p90 is judged")
                .endsWith("n = 40");
        assertThat(verdict.metrics())
                .extracting(MetricVerdict::metric)
                .containsSubsequence(
                        "latency.service_time.p50", "latency.service_time.p90", "latency.service_time.p95", P99);
    }

    @Test
    void ninetySessionsOfUnchangedCodeAreJudgedAtP95AndPass() {
        Baseline baseline =
                Baseline.from(run().lognormal("service_time", 90, 100 * MS, 3).build());
        Verdict verdict = judge(run().lognormal("service_time", 90, 100 * MS, 4).build(), baseline);

        assertThat(metric(verdict, P99).reason())
                .isEqualTo("90 values: too few for p99, need at least 368; judged at p95");
        assertThat(metric(verdict, "latency.service_time.p95").status()).isEqualTo(PASS);
        assertThat(metric(verdict, "latency.service_time.p95").count()).isEqualTo(90L);
    }

    @Test
    void namesTheSmallerSideWhenTheCountsDiffer() {
        Baseline baseline =
                Baseline.from(run().lognormal("service_time", 90, 10 * MS, 5).build());
        Verdict verdict =
                judge(run().lognormal("service_time", 1204, 10 * MS, 6).build(), baseline);

        assertThat(metric(verdict, P99).reason())
                .isEqualTo(
                        "90 values: too few for p99, need at least 368; judged at p95 (baseline 90, this run 1,204)");
        assertThat(metric(verdict, "latency.service_time.p95").reason()).endsWith("n = 90 -> 1,204");
    }

    @Test
    void aMetricWithTooFewValuesForAnyPercentileIsReportedNotJudged() {
        // Five values (a shutdown time measured once per trial, say): the plan's choice, not an
        // untrusted measurement, so the verdict does not turn INCONCLUSIVE over it.
        Baseline baseline = Baseline.from(run().histogram("service_time", 5 * MS, 6 * MS, 7 * MS, 8 * MS, 9 * MS)
                .build());
        Verdict verdict = judge(
                run().histogram("service_time", 5 * MS, 6 * MS, 7 * MS, 8 * MS, 90 * MS)
                        .build(),
                baseline);

        assertThat(metric(verdict, P99).status()).isEqualTo(PASS);
        assertThat(metric(verdict, P99).threshold()).isEqualTo("reported, not judged");
        assertThat(metric(verdict, P99).reason())
                .startsWith("5 values: too few for p99, need at least 368, and for"
                        + " every percentile down to p50 (need at least 6): not judged");
        assertThat(verdict.overall()).isNotEqualTo(INCONCLUSIVE);
    }

    @Test
    void aFirstRunSaysWhatItsCountSupports() {
        Verdict verdict = Verdicts.judge(
                run().lognormal("service_time", 90, 10 * MS, 7).build(), Optional.empty(), Thresholds.defaults());

        assertThat(metric(verdict, P99).status()).isEqualTo(VerdictStatus.NO_BASELINE);
        assertThat(metric(verdict, P99).reason())
                .isEqualTo("no baseline value to compare with; n = 90; 90 values:"
                        + " too few for p99, need at least 368; it would be judged at p95");
    }

    @Test
    void failsATripledLatencyOfTightSamples() {
        Baseline baseline =
                Baseline.from(run().lognormal("service_time", 2000, 10 * MS, 8).build());

        MetricVerdict p99 =
                metric(judge(run().lognormal("service_time", 2000, 30 * MS, 9).build(), baseline), P99);

        assertThat(p99.status()).isEqualTo(FAIL);
        assertThat(p99.reason())
                .contains("95 % interval")
                .contains("beyond the fail level of +50 %")
                .endsWith("n = 2,000");
    }

    @Test
    void warnsOfAQuarterSlowerLatencyWhenTheSamplesCanTellIt() {
        Baseline baseline = Baseline.from(
                run().lognormal("service_time", 20_000, 10 * MS, 10).build());

        MetricVerdict p99 = metric(
                judge(run().lognormal("service_time", 20_000, 12.5 * MS, 11).build(), baseline), P99);

        assertThat(p99.status()).as(p99.reason()).isEqualTo(WARN);
    }

    @Test
    void doesNotWarnOfAQuarterSlowerP99WhenTheSampleCannotTellIt() {
        Baseline baseline =
                Baseline.from(run().lognormal("service_time", 400, 10 * MS, 12).build());

        MetricVerdict p99 =
                metric(judge(run().lognormal("service_time", 400, 12.5 * MS, 13).build(), baseline), P99);

        assertThat(p99.status()).as(p99.reason()).isEqualTo(PASS);
        assertThat(p99.reason()).contains("not significantly");
    }

    // --- multi-run baselines -------------------------------------------------------------------------

    private static Baseline runs(double... p99Millis) {
        Baseline b = Baseline.from(
                run().p99("service_time", Math.round(p99Millis[0] * MS)).build());
        for (int i = 1; i < p99Millis.length; i++) {
            b = b.withRun(
                    run().p99("service_time", Math.round(p99Millis[i] * MS)).build(), 10);
        }
        return b;
    }

    @Test
    void theBaselinesOwnSpreadWidensTheInterval() {
        RunResult slower = run().p99("service_time", 13 * MS).build();

        MetricVerdict noisy = metric(judge(slower, runs(8, 10, 12, 9, 11)), P99);
        MetricVerdict tight = metric(judge(slower, runs(10, 10.1, 9.9, 10, 10.05)), P99);

        assertThat(noisy.status()).as(noisy.reason()).isNotEqualTo(FAIL).isEqualTo(PASS);
        assertThat(noisy.reason()).contains("baseline: median of 5 runs, their spread 16.0 %");
        assertThat(tight.status()).as(tight.reason()).isEqualTo(WARN);
        assertThat(tight.baselineValue()).isEqualTo(10.0 * MS);
    }

    @Test
    void judgesThroughputAgainstTheRunsMedianAndSpread() {
        Baseline b = Baseline.from(run().throughput(80).build());
        for (double tp : new double[] {120, 100, 90, 110}) {
            b = b.withRun(run().throughput(tp).build(), 5);
        }

        MetricVerdict throughput = metric(judge(run().throughput(75).build(), b), "throughput");

        assertThat(throughput.baselineValue()).isEqualTo(100.0);
        assertThat(throughput.status()).as(throughput.reason()).isEqualTo(PASS);
    }

    @Test
    void judgesMemoryGrowthAgainstTheRunsMedianAndSpread() {
        // Measured in the main job: a short TTS run's RSS growth went 0.9 MB -> 11.6 MB with no change.
        Baseline noisy = baselineOfMemoryGrowths(0.9, 6.2, 3.1, 8.4);
        Baseline steady = baselineOfMemoryGrowths(20, 20.6, 19.7, 20.3);

        MetricVerdict noise = metric(judge(run().memory(11_600_000, 0).build(), noisy), "memory.growth");
        MetricVerdict grew = metric(judge(run().memory(40 * MB, 0).build(), steady), "memory.growth");
        MetricVerdict oneRun = metric(
                judge(
                        run().memory(11_600_000, 0).build(),
                        Baseline.from(run().memory(900_000, 0).build())),
                "memory.growth");

        assertThat(noise.status()).as(noise.reason()).isEqualTo(PASS);
        assertThat(noise.reason()).contains("baseline: median of 4 runs");
        assertThat(grew.status()).as(grew.reason()).isEqualTo(WARN);
        assertThat(grew.baselineValue()).isBetween(20.0 * MB, 20.3 * MB);
        assertThat(oneRun.status())
                .as("one run is all such a baseline has: judged on it, as before")
                .isEqualTo(WARN);
    }

    private static Baseline baselineOfMemoryGrowths(double... megabytes) {
        Baseline b =
                Baseline.from(run().memory(Math.round(megabytes[0] * MB), 0).build());
        for (int i = 1; i < megabytes.length; i++) {
            b = b.withRun(run().memory(Math.round(megabytes[i] * MB), 0).build(), 5);
        }
        return b;
    }

    @Test
    void anOldBaselineWithoutRunsStillJudges() {
        Baseline old = new Baseline(
                1,
                "Fixture.run",
                null,
                null,
                null,
                null,
                new Baseline.Throughput(100, 10, 10, 6000),
                java.util.Map.of("service_time", new Baseline.Latency(1000, 5 * MS, 8 * MS, 10 * MS)),
                null,
                null,
                null,
                null,
                null,
                null);

        Verdict verdict = judge(run().p99("service_time", 16 * MS).build(), old);

        assertThat(old.allRuns()).hasSize(1);
        assertThat(metric(verdict, P99).status()).isEqualTo(FAIL);
        assertThat(metric(verdict, "throughput").status()).isEqualTo(PASS);
    }

    @Test
    void oldTrialsWithoutCountsAreTakenAsEqualSharesOfTheRun() {
        Baseline baseline = Baseline.from(run().oldTrialsP99Millis("service_time", 9.8, 10.0, 10.1, 10.2, 9.9)
                .build());
        RunResult current = run().p99("service_time", 16 * MS)
                .oldTrialsP99Millis("service_time", 16.0, 16.2, 15.9, 16.4, 16.1)
                .build();

        MetricVerdict p99 = metric(judge(current, baseline), P99);

        // 1,000 values over 5 trials: 200 a trial, too few for p99; the old files hold no p95 or p90,
        // and no p50 in this fixture, so nothing can be judged (and the line says so)
        assertThat(p99.status()).isEqualTo(PASS);
        assertThat(p99.threshold()).isEqualTo("reported, not judged");
        assertThat(p99.reason()).startsWith("200 values in the smallest trial: too few for p99");
    }
}
