package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.server.testing.Http;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Request;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpEndpointsTests {

    @Test
    void reportsHealthAsOk() throws Exception {
        try (TestServers.Running server = TestServers.start()) {
            HttpResponse<String> health = Http.get(server.httpPort(), "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(Http.get(server.httpPort(), "/healthz").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void servesEveryDocumentedMetricAsJson() throws Exception {
        try (TestServers.Running server = TestServers.start()) {
            SttClient.recognize(server.channel(), Request.of(Pcm.speechLike(16_000, 1_000)));
            JsonNode metrics = server.metrics();
            assertThat(metrics.fieldNames())
                    .toIterable()
                    .contains(
                            "memory_rss_mb",
                            "num_fds",
                            "num_threads",
                            "uptime_seconds",
                            "active_streams",
                            "sessions_total",
                            "errors_total",
                            "buffer_bytes_total",
                            "decode_pending",
                            "partial_drop_count",
                            "rate_limit_blocks",
                            "tts_requests_total",
                            "tts_streams_completed",
                            "tts_streams_aborted",
                            "process_cpu_seconds_total");
            assertThat(metrics.path("process_cpu_seconds_total").asDouble()).isPositive();
            assertThat(metrics.path("memory_rss_mb").asDouble()).isGreaterThan(10);
            assertThat(metrics.path("num_fds").asInt()).isPositive();
            assertThat(metrics.path("num_threads").asInt()).isPositive();
            assertThat(metrics.path("active_streams").path("grpc").isInt()).isTrue();
            assertThat(metrics.path("active_streams").path("sse").isInt()).isTrue();
            assertThat(metrics.path("sessions_total").asLong()).isEqualTo(1);
            assertThat(metrics.path("final_results_total").asLong()).isEqualTo(1);
            assertThat(metrics.path("errors_total").isObject()).isTrue();
        }
    }

    @Test
    void servesPrometheusText() throws Exception {
        try (TestServers.Running server = TestServers.start()) {
            HttpResponse<String> response = Http.get(server.httpPort(), "/metrics/prometheus");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body())
                    .contains(
                            "# TYPE process_resident_memory_bytes gauge",
                            "\nprocess_open_fds ",
                            "\nprocess_threads ",
                            "\nspeechload_sessions_total 0",
                            "speechload_active_streams{protocol=\"grpc\"} 0",
                            "\nspeechload_partial_drops_total ",
                            "\nspeechload_rate_limit_blocks_total ",
                            "\nspeechload_decode_pending ");
        }
    }

    @Test
    void protectsMetricsWithTheBearerToken() throws Exception {
        try (TestServers.Running server = TestServers.start("--metrics-token", "s3cret")) {
            int port = server.httpPort();
            for (String path : new String[] {"/metrics", "/metrics/prometheus"}) {
                assertThat(Http.get(port, path).statusCode()).as(path).isEqualTo(401);
                assertThat(Http.get(port, path, "wrong").statusCode()).as(path).isEqualTo(401);
                assertThat(Http.get(port, path, "s3cret").statusCode()).as(path).isEqualTo(200);
            }
            assertThat(Http.get(port, "/health").statusCode())
                    .as("health stays open")
                    .isEqualTo(200);
        }
    }

    @Test
    void answersUnknownPathsAndMethodsCleanly() throws Exception {
        try (TestServers.Running server = TestServers.start()) {
            assertThat(Http.get(server.httpPort(), "/nope").statusCode()).isEqualTo(404);
            assertThat(Http.get(server.httpPort(), "/metrics/other").statusCode())
                    .isEqualTo(404);
        }
    }
}
