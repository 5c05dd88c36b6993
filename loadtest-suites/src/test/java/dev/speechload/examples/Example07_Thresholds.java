package dev.speechload.examples;

import static dev.speechload.Speechload.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.config.TargetKind;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadJudge;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Example 7: regression thresholds, and judging one run against another inside a test.
 *
 * <p><b>How a test is judged.</b> After the method, speechload compares the run with its baseline
 * ({@code baselines/<test>.json}) by the default rules: latency p99 WARN beyond +20 %, FAIL beyond
 * +50 %; throughput WARN below -20 %; memory growth WARN beyond +50 %; hard limits, judged even
 * without a baseline: the server's RSS slope above 0.1 MB/s (beyond the baseline's own slope, and
 * only over a load phase of at least 30 s: shorter runs cannot tell a leak from a JVM warming up)
 * and more than 5 % failed iterations FAIL. Changes below a noise floor (1 ms of latency) never count. A FAIL fails the test; WARN is
 * only reported. See {@code docs/baselines.md}.
 *
 * <p><b>Per-test overrides.</b> Each rule can be replaced for one test on its {@code @LoadTest}:
 * this one tolerates more p99 noise ({@code p99WarnPercent}, {@code p99FailPercent}), allows no
 * more than 1 % failures, treats latency changes up to 5 ms as noise, and loosens the RSS slope
 * limit to 10 MB/s (at full scale this run lasts 20 s, under the slope's 30 s window anyway; the
 * attribute is here to show it). The overrides are checked before the run; {@link LoadJudge#thresholds()} returns the rules in force.
 *
 * <p><b>Judging inside the test.</b> A test that judges runs itself asks for a {@link LoadJudge}
 * beside its {@link LoadContext} (most tests don't: the extension judges after the method).
 * {@link LoadJudge#judge(RunResult, Baseline)} is pure: it reads and writes no file. So a test can
 * run twice and judge the second run against the first,
 * {@code judge.judge(run, Baseline.from(previous))}, without touching the git-tracked baselines.
 * Here the second run injects a regression (every request waits three times the first run's p99
 * longer), and the verdict must catch it. The last run is the one the extension writes and judges
 * after the method, as usual.
 */
class Example07_Thresholds {

    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER ? referenceServerContainer() : referenceServer();
    }

    @LoadTest(channels = 8, duration = "20s")
    @Smoke(channels = 2, duration = "2s")
    @Regression(
            p99WarnPercent = 30,
            p99FailPercent = 100,
            errorRateFailPercent = 1,
            latencyFloor = "5ms",
            memorySlopeFailMbPerSecond = 10)
    void catchesAnInjectedLatencyRegression(LoadContext load, LoadJudge judge) throws Exception {
        Thresholds rules = judge.thresholds();
        assertThat(rules.latencyP99WarnPercent()).as("p99 warn level, %").isEqualTo(30.0);
        assertThat(rules.latencyP99FailPercent()).as("p99 fail level, %").isEqualTo(100.0);
        assertThat(rules.errorRatioFail()).as("error ratio limit").isEqualTo(0.01);
        assertThat(rules.latencyFloorNanos())
                .as("latency noise floor, ns")
                .isEqualTo(Duration.ofMillis(5).toNanos());

        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = load.endpoints().http().resolve("/health");

        RunResult previous = load.run(health(client, health, Duration.ZERO));
        Duration injected =
                Duration.ofNanos(3 * previous.latency(SERVICE_TIME).p99Nanos()).plusMillis(100);
        RunResult slower = load.run(health(client, health, injected));

        Verdict verdict = judge.judge(slower, Baseline.from(previous));
        // On a machine so busy that the toolkit calls the measurement compromised, timings are not
        // judged (INCONCLUSIVE), so there is no regression to catch: say so instead of failing.
        assumeTrue(
                slower.health() == null || slower.health().status() != HealthStatus.COMPROMISED,
                () -> "the machine is too busy to judge latency: "
                        + slower.health().reason());

        assertThat(previous.errors().byCode())
                .as("failed requests of the first run")
                .isEmpty();
        assertThat(slower.errors().byCode())
                .as("failed requests of the second run")
                .isEmpty();
        // The tail is judged at the highest percentile the run's count supports: the p99 of a few
        // hundred requests, or the p90 of a few dozen when the slower run fits fewer in.
        MetricVerdict tail = judged(verdict, "latency.service_time.");
        assertThat(tail.status())
                .as("service_time %s +%s ms: %s", tail.metric(), injected.toMillis(), tail.reason())
                .isEqualTo(VerdictStatus.FAIL);
        assertThat(tail.deltaPercent()).as("tail latency change, %").isGreaterThan(100.0);
        assertThat(verdict.overall()).as("overall verdict").isEqualTo(VerdictStatus.FAIL);
        // Fewer requests fit in the same time when each takes longer: the throughput rule sees it too.
        assertThat(metric(verdict, "throughput").status())
                .as("throughput verdict")
                .isIn(VerdictStatus.WARN, VerdictStatus.FAIL);
    }

    /** The judged line of a latency metric (its other percentiles are shown, not judged). */
    private static MetricVerdict judged(Verdict verdict, String prefix) {
        return verdict.metrics().stream()
                .filter(m -> m.metric().startsWith(prefix) && !"reported, not judged".equals(m.threshold()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no judged " + prefix + "* line in " + verdict));
    }

    /** GET {@code uri}, then wait {@code extra} (a regression we inject on purpose). */
    private static Scenario health(HttpClient client, URI uri, Duration extra) {
        return iteration -> {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                iteration.fail("HTTP_" + response.statusCode());
            }
            Thread.sleep(extra.toMillis());
        };
    }

    private static MetricVerdict metric(Verdict verdict, String id) {
        return verdict.metrics().stream()
                .filter(m -> m.metric().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no verdict for " + id + " in " + verdict.metrics()));
    }
}
