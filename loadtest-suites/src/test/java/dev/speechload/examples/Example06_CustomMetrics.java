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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Example 6: recording your own metrics.
 *
 * <p>The engine times whole iterations ({@code service_time}). To time a part of one, or count
 * something, declare the metric on the {@link LoadContext} <em>before</em> {@code run}, then record
 * into it from the scenario through the {@code Iteration}:
 * <ul>
 *   <li>{@code load.latency(name, description)} gives a {@link dev.speechload.core.record.LatencyMetric LatencyMetric};
 *       {@code iteration.record(metric, nanos)} adds a value in nanoseconds to its HdrHistogram.
 *       It appears in the result, the report (percentiles, a percentile spectrum) and the
 *       baseline, and its p99 is judged like {@code service_time}'s.</li>
 *   <li>{@code load.counter(name, unit)} gives a {@link dev.speechload.core.record.CounterMetric CounterMetric};
 *       {@code iteration.add(counter, amount)} adds to it. The result holds its total and its rate
 *       per second of measured time.</li>
 * </ul>
 * Recording takes no lock and allocates nothing, so it is safe at any rate and from any thread
 * (a gRPC or HTTP callback, say) until the iteration returns. Values recorded during warm-up are
 * dropped for you. A scenario class of your own can register metrics the same way in
 * {@code Scenario.setUp(ScenarioContext)} ({@code context.latency(..)}, {@code context.counter(..)}),
 * which is how the gRPC and SSE drivers add theirs.
 *
 * <p>Here each iteration fetches the server's {@code /metrics} page: we time the wait for the
 * response headers apart from reading the body, and count the bytes.
 */
class Example06_CustomMetrics {

    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER ? referenceServerContainer() : referenceServer();
    }

    @LoadTest(channels = 10, warmupIterations = 5, duration = "30s")
    @Smoke(channels = 2, duration = "2s")
    void timesHeadersAndBodySeparately(LoadContext load) throws Exception {
        var timeToHeaders =
                load.latency("metrics_page.time_to_headers", "GET /metrics: request sent to response headers received");
        var bodyRead = load.latency("metrics_page.body_read", "GET /metrics: headers to end of body");
        var bodyBytes = load.counter("metrics_page.body_bytes", "bytes");

        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI metrics = load.endpoints().http().resolve("/metrics");

        var result = load.run(iteration -> {
            HttpRequest request = HttpRequest.newBuilder(metrics)
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            long start = System.nanoTime();
            // ofInputStream returns as soon as the headers are in; the body is read below.
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long headers = System.nanoTime();
            long bytes;
            try (InputStream body = response.body()) {
                bytes = body.transferTo(OutputStream.nullOutputStream());
            }
            iteration.record(timeToHeaders, headers - start);
            iteration.record(bodyRead, System.nanoTime() - headers);
            iteration.add(bodyBytes, bytes);
            if (response.statusCode() != 200) {
                iteration.fail("HTTP_" + response.statusCode());
            }
        });

        long requests = result.throughput().completedIterations();
        var headersSummary = result.latency("metrics_page.time_to_headers");
        var bytesSummary = result.counters().get("metrics_page.body_bytes");
        assertThat(requests).as("measured requests").isPositive();
        assertThat(result.errors().byCode()).as("failed requests by error code").isEmpty();
        // One value per measured request: the warm-up requests' values were dropped.
        assertThat(headersSummary.count()).as("time_to_headers values").isEqualTo(requests);
        assertThat(result.latency("metrics_page.body_read").count())
                .as("body_read values")
                .isEqualTo(requests);
        // Every /metrics page is a JSON object of a few hundred bytes, at least.
        assertThat(bytesSummary.total()).as("body bytes").isGreaterThanOrEqualTo(100 * requests);
        assertThat(bytesSummary.unit()).isEqualTo("bytes");
        assertThat(bytesSummary.perSecond()).as("body bytes per second").isPositive();
    }
}
