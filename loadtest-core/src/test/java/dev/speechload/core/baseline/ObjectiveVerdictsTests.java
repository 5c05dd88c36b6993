package dev.speechload.core.baseline;

import static dev.speechload.core.testkit.RunResultFixture.MB;
import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("objective verdicts")
class ObjectiveVerdictsTests {

    @Test
    void passesARunThatMeetsTheRuleAndFailsOneThatMissesItNamingTheMeasuredValue() {
        // The fixture's service_time: p95 = 8 ms, 1,000 values.
        MetricVerdict met = line(run().build(), "service_time p95 < 10ms");
        assertThat(met.status()).isEqualTo(VerdictStatus.PASS);
        assertThat(met.metric()).isEqualTo("objective service_time p95 < 10ms");
        assertThat(met.reason()).isEqualTo("p95 8.000 ms meets the objective < 10.0 ms; n = 1,000");

        MetricVerdict missed = line(run().build(), "service_time p95 < 5ms");
        assertThat(missed.status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(missed.reason()).isEqualTo("p95 8.000 ms misses the objective < 5.000 ms; n = 1,000");
        assertThat(missed.currentValue()).isEqualTo(8 * MS);
        assertThat(missed.count()).isEqualTo(1000);
    }

    @Test
    void judgesThroughputErrorsAndMemory() {
        RunResult r = run().throughput(35).errors(30, 0.005).memory(300 * MB, 0).build();
        assertThat(line(r, "throughput >= 40/s").reason())
                .isEqualTo("throughput 35.0/s misses the objective >= 40.0/s");
        assertThat(line(r, "errors < 1%").reason())
                .isEqualTo("error ratio (30 failed) 0.50 % meets the objective < 1.00 %");
        assertThat(line(r, "memory.peak < 256MB").reason())
                .isEqualTo("server RSS peak 400.0 MB misses the objective < 256.0 MB");
        assertThat(line(r, "memory.growth < 512MB").status()).isEqualTo(VerdictStatus.PASS);
    }

    @Test
    void doesNotJudgeAPercentileTheSampleCannotSupportAndSaysSo() {
        RunResult r = run().latency(
                        "stt.final_latency",
                        new LatencySummary(40, MS, 5 * MS, 8 * MS, 9 * MS, 10 * MS, 10 * MS, 10 * MS, 5 * MS, MS, 0))
                .build();
        MetricVerdict line = line(r, "stt.final_latency p95 < 1ms");
        assertThat(line.status()).isEqualTo(VerdictStatus.PASS);
        assertThat(line.threshold()).isEqualTo(Rules.REPORTED);
        assertThat(line.reason())
                .isEqualTo("not judged: 40 values: too few for p95, need at least "
                        + Verdicts.count(Percentile.P95.minimumCount) + " (run longer or with more channels)");
        assertThat(line.currentValue()).isEqualTo(9 * MS);
    }

    @Test
    void aCompromisedRunMakesTimingRulesInconclusiveButStillJudgesErrorsAndPeakMemory() {
        RunResult r = run().health(HealthStatus.COMPROMISED, "COMPROMISED: steal 30 %")
                .errors(600, 0.1)
                .build();
        List<MetricVerdict> lines = ObjectiveVerdicts.judge(
                r, rules("service_time p95 < 5ms", "throughput > 1/s", "errors < 1%", "memory.peak < 1GB"));
        assertThat(lines)
                .extracting(MetricVerdict::status)
                .containsExactly(
                        VerdictStatus.INCONCLUSIVE, VerdictStatus.INCONCLUSIVE, VerdictStatus.FAIL, VerdictStatus.PASS);
        assertThat(lines.get(0).reason())
                .isEqualTo("not judged: the measurement was compromised: steal 30 %; n = 1,000");
    }

    @Test
    void failsARuleOnALatencyMetricTheRunNeverRecordedListingTheOnesItDid() {
        MetricVerdict line = line(run().p99("tts.first_audio", 20 * MS).build(), "tts.first_audo p95 < 300ms");
        assertThat(line.status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line.reason())
                .isEqualTo("this run recorded no latency metric 'tts.first_audo'; it recorded"
                        + " service_time, tts.first_audio");
        assertThat(line(
                                run().health(HealthStatus.COMPROMISED, "COMPROMISED: steal 30 %")
                                        .build(),
                                "tts.first_audo p95 < 300ms")
                        .status())
                .as("whatever the health")
                .isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void joinsTheBaselineVerdictWithoutABaselineAFailedRuleFailsIt() {
        RunResult r = run().testName("Foo.bar").build();
        Verdict none = Verdicts.judge(r, Optional.empty(), Thresholds.defaults());

        Verdict met = ObjectiveVerdicts.judge(none, r, rules("service_time p95 < 10ms"));
        assertThat(met.overall()).isEqualTo(VerdictStatus.NO_BASELINE);
        assertThat(met.metrics()).hasSize(none.metrics().size() + 1);

        Verdict missed = ObjectiveVerdicts.judge(none, r, rules("service_time p95 < 5ms", "errors < 1%"));
        assertThat(missed.overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(VerdictMessages.missedObjective(missed)).isTrue();
        assertThat(VerdictMessages.failureMessage(missed)).isEqualTo("""
                Foo.bar missed an objective (1 metric failed):
                  - objective service_time p95 < 5ms: p95 8.000 ms misses the objective < 5.000 ms; n = 1,000""");
    }

    @Test
    void aRegressionAloneIsNoMissedObjective() {
        Baseline baseline = Baseline.from(run().build());
        Verdict regressed = Verdicts.judge(
                run().p99("service_time", 30 * MS).build(), Optional.of(baseline), Thresholds.defaults());
        assertThat(regressed.overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(VerdictMessages.missedObjective(
                        ObjectiveVerdicts.judge(regressed, run().build(), rules("errors < 1%"))))
                .isFalse();
    }

    private static MetricVerdict line(RunResult r, String rule) {
        return ObjectiveVerdicts.judge(r, rules(rule)).get(0);
    }

    private static List<ObjectiveRule> rules(String... texts) {
        return Arrays.stream(texts).map(ObjectiveRule::parse).toList();
    }
}
