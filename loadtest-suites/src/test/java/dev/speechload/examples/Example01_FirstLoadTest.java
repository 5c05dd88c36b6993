package dev.speechload.examples;

import static dev.speechload.Speechload.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Settings;
import dev.speechload.core.config.TargetKind;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.target.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Example 1: the smallest load test that works.
 *
 * <p>A load test is a JUnit test. Two annotations make it one, and one static import,
 * {@code import static dev.speechload.Speechload.*}, brings everything else a test builds: targets
 * ({@code referenceServer()}, {@code process(..)}, {@code container(..)}, {@code external(..)}),
 * scenarios ({@code stt(..)}, {@code tts(..)}, {@code sse(..)}, {@code grpcStream(..)}), audio,
 * options, plans and the engine's metric names ({@code SERVICE_TIME}):
 * <ul>
 *   <li>{@code @LoadTarget} names the server under test. speechload starts it before the class's
 *       first load test (and waits until it is ready), hands its addresses to every test, and
 *       stops it when the class ends, even when a test fails.</li>
 *   <li>{@code @LoadTest} holds the load plan: how many channels (concurrent users), how long.
 *       The method receives a {@link LoadContext}; {@code load.run(scenario)} applies the plan and
 *       returns everything that was measured as a
 *       {@link dev.speechload.core.result.RunResult RunResult}.</li>
 * </ul>
 *
 * <p>The scenario is one channel's work, called again and again: here a plain lambda that sends
 * {@code GET /health} with the JDK's own HTTP client. You do not time anything yourself: the engine
 * times every iteration (the {@code service_time} latency), counts them (throughput), and counts
 * an iteration as failed when the lambda throws or calls {@code iteration.fail(code)}.
 *
 * <p>After the method, speechload writes {@code results/Example01_FirstLoadTest.healthAnswersUnderLoad.json}
 * and {@code .html}, and judges the run against {@code baselines/} (no baseline yet: the verdict is
 * NO_BASELINE and the test passes). Open {@code results/index.html} to see it.
 *
 * <p><b>Scale.</b> The annotation holds the full-scale plan (20 channels for 30 s). By default
 * ({@code loadtest.scale=smoke}) it is scaled down, here explicitly to 2 channels for 2 s, so
 * the same test takes seconds in CI; {@code -Dloadtest.scale=full} runs it as declared.
 *
 * <p>How to run (from the repository root, after {@code mvn -B install -DskipTests}):
 * <pre>
 * mvn -B -pl loadtest-suites verify -Dtest=Example01_FirstLoadTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class Example01_FirstLoadTest {

    /**
     * The reference server of this repository, run as a local process
     * ({@code java -jar loadtest-server/target/speechload-server.jar} on free loopback ports).
     * Taking {@link Settings} lets {@code -Dloadtest.target=container} run the same test against
     * the server's container instead, with no code change; {@code -Dloadtest.target=external}
     * ignores this method and uses {@code loadtest.external.http}.
     */
    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER ? referenceServerContainer() : referenceServer();
    }

    @LoadTest(channels = 20, duration = "30s")
    @Smoke(channels = 2, duration = "2s")
    void healthAnswersUnderLoad(LoadContext load) throws Exception {
        // One client for all channels: java.net.http.HttpClient is thread-safe.
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = load.endpoints().http().resolve("/health");

        var result = load.run(iteration -> {
            HttpRequest request = HttpRequest.newBuilder(health)
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // A stable code per kind of failure: the report groups failed iterations by it.
                iteration.fail("HTTP_" + response.statusCode());
            }
        });

        // What a user checks first: requests were made, none failed, and they took a sane time.
        var serviceTime = result.latency(SERVICE_TIME);
        assertThat(result.throughput().completedIterations())
                .as("completed requests")
                .isPositive();
        assertThat(result.errors().failedIterations())
                .as("failed requests, by code: %s", result.errors().byCode())
                .isZero();
        assertThat(serviceTime.count())
                .as("timed requests")
                .isEqualTo(result.throughput().completedIterations());
        assertThat(Duration.ofNanos(serviceTime.p50Nanos()))
                .as("median time of GET /health")
                .isLessThan(Duration.ofSeconds(1));
    }
}
