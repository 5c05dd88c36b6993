package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.FakeServerMain;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.Targets;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * A {@link LoadTest} whose server crashes mid-run, through the real engine: the server is a real
 * process (a small JVM) that answers {@value #ANSWERS} requests and halts with exit status 137 on
 * the next, like the reference server's crash fault. The run must end there instead of hammering
 * the dead port until its 60 s deadline, keep what it measured, count only the answered requests
 * as throughput and service time, and fail the test with the exit in words.
 */
@DisplayName("@LoadTest against a server that dies")
class LoadTestTargetDeathTests {

    static final int ANSWERS = 30;
    static final long PLANNED_MILLIS = 60_000;
    static volatile Path logDir;

    @TempDir
    Path dir;

    @Test
    void aServerThatCrashesMidRunEndsTheRunAndFailsTheTestWithTheExitSentence() throws IOException {
        Path results = dir.resolve("results");
        logDir = dir.resolve("logs");
        EngineExecutionResults r = execute(CrashingServerTestCase.class, results);

        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        TestOutcome outcome = Reporters.read(results.resolve("CrashingServerTestCase.run.json"));
        RunResult result = outcome.result();

        assertThat(result.targetFailure())
                .as("the result says how the target died")
                .isNotNull();
        String sentence = result.targetFailure().message();
        assertThat(sentence).matches("target exited with code 137 at \\d+\\.\\d s \\(log .*crashing-\\d+\\.log\\)");
        assertThat(result.targetFailure().exitCode()).isEqualTo(137);
        assertThat(failure)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("  - target.alive: " + sentence);

        MetricVerdict alive = outcome.verdict().metrics().stream()
                .filter(m -> m.metric().equals(Verdicts.TARGET_ALIVE))
                .findFirst()
                .orElseThrow();
        assertThat(alive.status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(alive.reason()).isEqualTo(sentence);
        assertThat(outcome.verdict().overall()).isEqualTo(VerdictStatus.FAIL);

        // What was measured until the crash is kept, and only answered requests count as served.
        assertThat(result.partial()).isFalse();
        long failed = result.errors().failedIterations();
        assertThat(result.throughput().completedIterations() - failed)
                .as("answered requests")
                .isEqualTo(ANSWERS);
        assertThat(result.latency(RunResult.SERVICE_TIME).count()).isEqualTo(ANSWERS);
        assertThat(failed)
                .as("the request that met the crash, and any before it was seen")
                .isPositive();
        assertThat(result.latency(RunResult.FAILED_TIME).count()).isEqualTo(failed);
        assertThat(result.timeSeries()).isNotEmpty();
        assertThat(result.timeSeries().get(result.timeSeries().size() - 1).offsetMillis())
                .as("the run ended at the crash, not at its 60 s deadline")
                .isLessThan(PLANNED_MILLIS / 2);

        String page = Files.readString(results.resolve("CrashingServerTestCase.run.html"));
        assertThat(page).contains("<strong>The target died during the run:</strong> " + sentence);
    }

    private static EngineExecutionResults execute(Class<?> testCase, Path results) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(Settings.RESULTS_DIR, results.toString());
        settings.put(Settings.BASELINES_DIR, results.resolveSibling("baselines").toString());
        settings.put(Settings.FAIL_ON_REGRESSION, "true");
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase));
        settings.forEach(kit::configurationParameter);
        return kit.execute();
    }

    static class CrashingServerTestCase {

        @LoadTarget
        static Target server() {
            return Targets.process(fakeServer("--crash-after", Integer.toString(ANSWERS)))
                    .withName("crashing")
                    .withLogDir(logDir)
                    .withReadiness(ReadinessProbe.forHttp("/health"));
        }

        @LoadTest(channels = 1, duration = "60s")
        @Smoke(channels = 1, duration = "60s")
        void run(LoadContext load) throws Exception {
            load.run(new WorkRequests());
        }
    }

    /** One {@code GET /work} per iteration: anything but a 200 fails it. */
    static final class WorkRequests implements Scenario {
        private HttpClient client;
        private URI work;

        @Override
        public void setUp(ScenarioContext context) {
            client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            work = context.endpoints().http().resolve("/work");
        }

        @Override
        public void run(Iteration iteration) throws Exception {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(work)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                iteration.fail("HTTP_" + response.statusCode());
            }
        }
    }

    /** {@code java ... FakeServerMain {httpPort} options...} on the test classes. */
    static List<String> fakeServer(String... options) {
        try {
            Path classes = Path.of(FakeServerMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms16m",
                    "-Xmx128m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classes.toString(),
                    FakeServerMain.class.getName(),
                    "{httpPort}"));
            command.addAll(List.of(options));
            return command;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
