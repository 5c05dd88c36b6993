package dev.speechload.suites.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.SttScenario;
import dev.speechload.suites.stt.SuiteTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The load engine end to end against the reference server run as a local process: a real
 * {@code @LoadTest} (4 channels in 2 ramp steps, 2 warm-up sessions per channel, 4 s measured,
 * every 4th session with a bad config) runs through the JUnit engine, and the
 * {@code results/<test>.json} the extension wrote is read back with Jackson, as a user's tools would.
 */
@DisplayName("load engine against the reference server")
class EngineAgainstReferenceServerTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path results;

    @Test
    void writesAResultFileThatShowsTheRampTheServerAndOnlyMeasuredIterations() throws Exception {
        RampTestCase.CALLS.reset();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(RampTestCase.class))
                .configurationParameter(Settings.RESULTS_DIR, results.toString())
                .configurationParameter(
                        Settings.BASELINES_DIR, results.resolve("baselines").toString())
                .configurationParameter(Settings.TARGET, "process")
                .configurationParameter(Settings.SCALE, "smoke")
                .configurationParameters(Fixtures.parameters())
                .execute()
                .testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));

        JsonNode file = JSON.readTree(results.resolve("RampTestCase.run.json").toFile());
        // The file holds the run result under "result", beside its verdict.
        JsonNode run = file.get("result");
        assertThat(run.path("testName").asText()).isEqualTo("RampTestCase.run");
        assertThat(run.path("partial").asBoolean()).as("partial").isFalse();

        List<JsonNode> series = list(run.path("timeSeries"));
        List<JsonNode> stepOne =
                series.stream().filter(s -> s.path("rampStep").asInt() == 1).toList();
        List<JsonNode> stepTwo =
                series.stream().filter(s -> s.path("rampStep").asInt() == 2).toList();
        assertThat(stepOne).as("samples of ramp step 1").hasSizeGreaterThanOrEqualTo(3);
        assertThat(stepOne)
                .allSatisfy(s -> assertThat(s.path("activeChannels").asInt()).isEqualTo(2));
        assertThat(stepTwo).as("samples of ramp step 2").isNotEmpty();
        assertThat(stepTwo.get(0).path("offsetMillis").asLong())
                .as("first sample of step 2, ms")
                .isGreaterThanOrEqualTo(RampTestCase.RAMP_INTERVAL.toMillis());
        assertThat(stepTwo.stream()
                        .mapToInt(s -> s.path("activeChannels").asInt())
                        .max()
                        .orElse(0))
                .as("active channels in step 2")
                .isEqualTo(4);

        List<JsonNode> server = list(run.path("serverSeries"));
        assertThat(server.get(0).path("phase").asText()).isEqualTo("before");
        assertThat(server.get(server.size() - 1).path("phase").asText()).isEqualTo("after");
        List<JsonNode> load = server.stream()
                .filter(s -> s.path("phase").asText().equals("load"))
                .toList();
        long runMillis = series.get(series.size() - 1).path("offsetMillis").asLong();
        long interval = RampTestCase.SAMPLE_INTERVAL.toMillis();
        assertThat(load)
                .as("server samples under load: about one per %d ms over %d ms", interval, runMillis)
                .hasSizeBetween((int) (runMillis / interval / 2), (int) (runMillis / interval + 2));
        assertThat(load).allSatisfy(s -> {
            assertThat(s.path("memoryRssBytes").asLong()).as("RSS").isPositive();
            assertThat(s.path("openFdCount").asLong()).as("open fds").isPositive();
            assertThat(s.path("threadCount").asLong()).as("threads").isPositive();
        });
        assertThat(medianGap(load)).as("median time between server samples, ms").isBetween(interval / 2, interval * 2);
        assertThat(run.path("server").path("source").asText()).startsWith("proc:");

        long measured = RampTestCase.CALLS.measured();
        long bad = RampTestCase.CALLS.measuredBad.get();
        assertThat(RampTestCase.CALLS.warmup.get()).as("warm-up sessions").isEqualTo(4 * 2);
        assertThat(run.path("counters").path("iterations.cut").path("total").asLong())
                .as("cut")
                .isZero();
        assertThat(run.path("throughput").path("completedIterations").asLong())
                .as("completed iterations")
                .isEqualTo(measured);
        assertThat(bad).as("measured sessions with a bad config").isPositive();
        // service_time holds the sessions that succeeded; the failed ones' times go to failed_time.
        assertThat(run.path("latencies")
                        .path(RunResult.SERVICE_TIME)
                        .path("count")
                        .asLong())
                .as("service times")
                .isEqualTo(measured - bad);
        assertThat(run.path("latencies").path("failed_time").path("count").asLong())
                .as("failed times")
                .isEqualTo(bad);
        assertThat(run.path("errors").path("byCode").path("ERR2001").asLong())
                .as("ERR2001 counted")
                .isEqualTo(bad);
        assertThat(run.path("errors").path("failedIterations").asLong())
                .as("failed iterations")
                .isEqualTo(bad);
        assertThat(run.path("counters").path("stt.sessions_ok").path("total").asLong())
                .as("good measured sessions with a final result")
                .isEqualTo(RampTestCase.CALLS.measuredGood.get());
    }

    private static List<JsonNode> list(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static long medianGap(List<JsonNode> samples) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            gaps.add(samples.get(i).path("offsetMillis").asLong()
                    - samples.get(i - 1).path("offsetMillis").asLong());
        }
        gaps.sort(null);
        return gaps.isEmpty() ? -1 : gaps.get(gaps.size() / 2);
    }

    /** Run by the test above through the JUnit engine; skipped when a build selects it directly. */
    @EnabledIf(Fixtures.ENABLED)
    static class RampTestCase {
        static final Duration RAMP_INTERVAL = Duration.ofSeconds(2);
        static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);
        static final BadConfigScenario.Calls CALLS = new BadConfigScenario.Calls();

        @LoadTarget
        static Target server() {
            return SuiteTargets.process("--engine-rtf", "0.01");
        }

        // @Smoke(factor = 1): this plan is already smoke-sized, and the test checks it as written. The
        // verdict is not the subject here (a quarter of the sessions fail on purpose): it must not fail the run.
        @LoadTest(
                channels = 4,
                rampSteps = 2,
                rampInterval = "2s",
                warmupIterations = 2,
                duration = "4s",
                sampleInterval = "250ms")
        @Smoke(factor = 1.0)
        @Regression(failTest = Regression.Toggle.OFF)
        void run(LoadContext load) throws Exception {
            SttScenario good = SttScenario.create(AudioSources.whiteNoise(Duration.ofMillis(400), 16_000, 1))
                    .withSpeed(4.0);
            load.run(new BadConfigScenario(good, 4, CALLS));
        }
    }
}
