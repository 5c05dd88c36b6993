package dev.speechload.suites.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SttScenario;
import dev.speechload.suites.stt.SuiteTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinated omission, shown against the real server: with the stall fault on (every 5 s, all
 * decodes freeze for 400 ms), short sessions (200 ms of audio sent at 10 x real time) run for 8 s
 * in the open model (40 arrivals per second, whatever the server does) and in the closed model
 * (one channel, back to back). About 8 % of the open model's arrivals fall into a stall, so its
 * {@code response_time} p99 shows the stall; the closed model's raw {@code service_time} p99
 * hides it, because the channel waits through each stall in one single slow sample among
 * hundreds. One channel, not more: every channel adds a slow sample per stall, and with a few
 * channels on a busy machine those samples pass 1 % and reach the closed p99 too.
 */
@DisplayName("coordinated omission against the reference server")
class CoordinatedOmissionTests {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatedOmissionTests.class);
    static final Duration STALL = Duration.ofMillis(400);
    static final Duration STALL_EVERY = Duration.ofSeconds(5);

    @TempDir
    Path results;

    @Test
    void theOpenModelShowsAServerStallThatTheClosedModelsServiceTimeHides() {
        StallTestCase.open = null;
        StallTestCase.closed = null;
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(StallTestCase.class))
                .configurationParameter(Settings.RESULTS_DIR, results.toString())
                .configurationParameter(
                        Settings.BASELINES_DIR, results.resolve("baselines").toString())
                .configurationParameter(Settings.TARGET, "process")
                .configurationParameter(Settings.SCALE, "smoke")
                .configurationParameters(Fixtures.parameters())
                .execute()
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));

        LatencySummary open = StallTestCase.open.latency(RunResult.RESPONSE_TIME);
        LatencySummary closed = StallTestCase.closed.latency(RunResult.SERVICE_TIME);
        LOG.info(
                "stall {} ms: open response_time p50 {} ms p99 {} ms ({} arrivals); closed service_time p50 {} ms"
                        + " p99 {} ms ({} iterations)",
                STALL.toMillis(),
                open.p50Nanos() / 1_000_000,
                open.p99Nanos() / 1_000_000,
                open.count(),
                closed.p50Nanos() / 1_000_000,
                closed.p99Nanos() / 1_000_000,
                closed.count());

        // The claim is about the server's stall; on a machine so busy with other work that the
        // toolkit itself calls the measurement compromised, the closed channel's few iterations
        // (a p99 of 95 values is their maximum) show the machine, not the stall.
        for (RunResult run : List.of(StallTestCase.open, StallTestCase.closed)) {
            assumeTrue(
                    run.health() == null || run.health().status() != HealthStatus.COMPROMISED,
                    () -> run.testName() + ": " + run.health().reason());
        }
        assertThat(StallTestCase.open.errors().byCode()).as("open model errors").isEmpty();
        assertThat(StallTestCase.closed.errors().byCode())
                .as("closed model errors")
                .isEmpty();
        assertThat(open.p99Nanos())
                .as("open model response_time p99, ns (stall %d ms)", STALL.toMillis())
                .isGreaterThanOrEqualTo(STALL.toNanos() / 2);
        assertThat(open.p99Nanos())
                .as("open response_time p99 / closed service_time p99 (closed p99 %d ns)", closed.p99Nanos())
                .isGreaterThanOrEqualTo(3 * closed.p99Nanos());
    }

    /** Run by the test above through the JUnit engine; skipped when a build selects it directly. */
    @EnabledIf(Fixtures.ENABLED)
    static class StallTestCase {
        static volatile RunResult open;
        static volatile RunResult closed;

        @LoadTarget
        static Target server() {
            return SuiteTargets.process(
                    "--engine-rtf",
                    "0.01",
                    "--fault-stall-ms",
                    Long.toString(STALL.toMillis()),
                    "--fault-stall-every-ms",
                    Long.toString(STALL_EVERY.toMillis()));
        }

        private static SttScenario shortSessions() {
            return SttScenario.create(AudioSources.whiteNoise(Duration.ofMillis(200), 16_000, 2))
                    .withSpeed(10.0)
                    .withPartials(false)
                    .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(10)));
        }

        // @Smoke(factor = 1): these plans are already smoke-sized. The verdict is not the subject here.
        @LoadTest(arrivalRate = 40, channels = 60, duration = "8s")
        @Smoke(factor = 1.0)
        @Regression(failTest = Regression.Toggle.OFF)
        void open(LoadContext load) throws Exception {
            open = load.run(shortSessions());
        }

        @LoadTest(channels = 1, duration = "8s")
        @Smoke(factor = 1.0)
        @Regression(failTest = Regression.Toggle.OFF)
        void closed(LoadContext load) throws Exception {
            closed = load.run(shortSessions());
        }
    }
}
