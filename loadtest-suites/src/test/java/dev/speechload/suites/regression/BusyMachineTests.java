package dev.speechload.suites.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictMessages;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.config.Settings;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gate on a busy machine: the regression gate's suite ({@link GateSuite}) runs clean against a
 * fresh server twice, the second time beside a CPU hog on both cores (a separate process this test
 * starts and stops, bounded to 90 s). Nothing changed in the server, so the verdict must not be
 * FAIL: PASS where the measurement held, INCONCLUSIVE where the toolkit could not trust it; and the
 * health block must name the pressure the hog put on the machine.
 */
@Tag("load")
@DisplayName("A clean run beside a CPU hog, end to end against the reference server")
class BusyMachineTests {

    @Test
    void aCleanRunBesideACpuHogIsNeverAFailAndItsHealthNamesThePressure() throws Exception {
        Settings settings = Settings.fromSystem();
        GateSuite suite = new GateSuite(settings);
        Baseline baseline = Baseline.from(suite.run("busy-baseline"));

        RunResult busy;
        try (CpuHog hog = CpuHog.start(2, Duration.ofSeconds(90))) {
            busy = suite.run("busy-clean");
        }
        Verdict verdict = Verdicts.judge(busy, Optional.of(baseline), suite.rules());
        Reporters.writeTest(new TestOutcome(busy, verdict, null), settings.resultsDir());
        Reporters.writeIndex(settings.resultsDir());

        String summary = VerdictMessages.summary(verdict) + "\nhealth: " + busy.health();
        assertThat(verdict.metricsWithStatus(VerdictStatus.FAIL))
                .extracting(MetricVerdict::metric)
                .as(summary)
                .isEmpty();
        assertThat(verdict.overall())
                .as(summary)
                .isIn(VerdictStatus.PASS, VerdictStatus.WARN, VerdictStatus.INCONCLUSIVE);
        assertThat(busy.health()).as("the health block").isNotNull();
        assertThat(busy.health().status()).as(summary).isNotEqualTo(HealthStatus.HEALTHY);
        assertThat(busy.health().findings())
                .as(summary)
                .anySatisfy(f -> assertThat(f).contains("other processes"));
        if (busy.health().status() == HealthStatus.COMPROMISED) {
            assertThat(verdict.overall()).as(summary).isEqualTo(VerdictStatus.INCONCLUSIVE);
        }
    }
}
