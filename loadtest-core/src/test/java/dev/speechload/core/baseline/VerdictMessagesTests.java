package dev.speechload.core.baseline;

import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.result.HealthStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictMessagesTests {

    @Test
    void failureMessageListsEveryFailingMetricAndHowToAcceptTheChange() {
        Baseline baseline = Baseline.from(run().testName("Foo.bar").build());
        Verdict verdict = Verdicts.judge(
                run().testName("Foo.bar")
                        .p99("service_time", 20 * MS)
                        .throughput(70)
                        .errors(360, 0.06)
                        .build(),
                Optional.of(baseline),
                Thresholds.defaults());

        assertThat(VerdictMessages.failureMessage(verdict)).isEqualTo("""
                Foo.bar regressed against its baseline (2 metrics failed):
                  - latency.service_time.p99: 10.0 ms -> 20.0 ms (+100.0 %), beyond the fail level of +50 %; n = 1,000
                  - errors.ratio: error ratio (360 failed) 6.00 % is above the limit of 5.00 %
                If the change is intended, record a new baseline: -Dloadtest.updateBaseline=true\
                 (or: speechload baseline update --test Foo.bar)""");
    }

    @Test
    void failureMessageWithoutBaselineNamesTheHardLimit() {
        Verdict verdict = Verdicts.judge(
                run().testName("Foo.bar").errors(600, 0.1).build(), Optional.empty(), Thresholds.defaults());

        assertThat(VerdictMessages.failureMessage(verdict)).isEqualTo("""
                Foo.bar broke a hard limit (1 metric failed):
                  - errors.ratio: error ratio (600 failed) 10.00 % is above the limit of 5.00 %""");
    }

    @Test
    void failureMessageIncludesNotes() {
        Baseline baseline = Baseline.from(run().cores(16).build());
        Verdict verdict = Verdicts.judge(
                run().p99("service_time", 30 * MS).build(), Optional.of(baseline), Thresholds.defaults());

        assertThat(VerdictMessages.failureMessage(verdict))
                .contains("\n  note: Environment differs from the baseline's (16 -> 2 cores)");
    }

    @Test
    void summaryShowsEachMetricAndTheOverallStatus() {
        Baseline baseline = Baseline.from(run().build());
        Verdict verdict = Verdicts.judge(run().throughput(70).build(), Optional.of(baseline), Thresholds.defaults());

        String summary = VerdictMessages.summary(verdict);

        assertThat(summary).startsWith("WARN  Fixture.run\n");
        assertThat(summary)
                .containsPattern("  WARN +throughput +100\\.0/s -> 70\\.0/s +-30\\.0 %  100\\.0/s -> 70\\.0/s");
        assertThat(summary.lines()).hasSize(1 + verdict.metrics().size());
    }

    @Test
    void failureMessageListsInconclusiveMetricsAfterTheFailingOnes() {
        Baseline baseline = Baseline.from(run().testName("Foo.bar").build());
        Verdict verdict = Verdicts.judge(
                run().testName("Foo.bar")
                        .errors(360, 0.06)
                        .health(dev.speechload.core.result.HealthStatus.COMPROMISED, "COMPROMISED: a CPU hog")
                        .build(),
                Optional.of(baseline),
                Thresholds.defaults());

        String message = VerdictMessages.failureMessage(verdict);

        assertThat(message).startsWith("""
                Foo.bar regressed against its baseline (1 metric failed):
                  - errors.ratio: error ratio (360 failed) 6.00 % is above the limit of 5.00 %
                3 metrics could not be judged (inconclusive):
                  - latency.service_time.p99: not judged: the measurement was compromised: a CPU hog; n = 1,000
                  - throughput: not judged: the measurement was compromised: a CPU hog
                  - memory.growth: not judged: the measurement was compromised: a CPU hog""");
        assertThat(message).contains("\n  note: Measurement COMPROMISED: a CPU hog");
    }

    @Test
    void failureMessageOfAnInconclusiveVerdictSaysWhatToDo() {
        Baseline baseline = Baseline.from(run().testName("Foo.bar").build());
        Verdict verdict = Verdicts.judge(
                run().testName("Foo.bar")
                        .health(
                                HealthStatus.COMPROMISED,
                                "COMPROMISED: other processes used 48 % of the machine's 2 cores")
                        .build(),
                Optional.of(baseline),
                Thresholds.defaults());

        assertThat(VerdictMessages.failureMessage(verdict))
                .startsWith("Foo.bar could not be judged (")
                .contains(
                        "metrics inconclusive):\n",
                        "\n  - latency.service_time.p99: not judged: the measurement was"
                                + " compromised: other processes used 48 % of the machine's 2 cores");
        assertThat(VerdictMessages.oneLine(verdict))
                .startsWith("INCONCLUSIVE Foo.bar against its baseline: 0 failed," + " 0 warned, ");
    }
}
