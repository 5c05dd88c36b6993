package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.TestServers;
import dev.speechload.server.testing.Poll;
import dev.speechload.server.tts.TtsEndpointTests.Sse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a TTS stream of the whole server ends when it cannot finish: cut at the end of the
 * shutdown grace, or abandoned by its client. Each stream waits on a chunk held back for two
 * minutes by the latency fault, far longer than any wait below, so only the server's own
 * handling can end it in time.
 */
@DisplayName("TTS streams that cannot finish")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TtsStreamEndTests {

    private static final String[] HELD_CHUNKS = {
        "--tts-rtf", "0", "--fault-latency-ms", "120000", "--tts-chunk-timeout", "10m"
    };

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Test
    void sendsAnErr1005ErrorEventToAStreamStillRunningWhenTheGraceEnds() throws Exception {
        TestServers.Running running = TestServers.start(HELD_CHUNKS);
        try {
            CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(
                    speak(running, "Held until the grace is over."), HttpResponse.BodyHandlers.ofLines());
            Poll.until(TestServers.PATIENCE, "TTS stream open", () -> activeSse(running) == 1);

            CompletableFuture<Void> shutdown =
                    CompletableFuture.runAsync(() -> running.server().shutdownGracefully(Duration.ofMillis(300)));
            List<Sse> events = TtsEndpointTests.read(response.get(30, TimeUnit.SECONDS));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo("error");
                assertThat(event.id()).as("an error event is not replayable").isNull();
                assertThat(event.json().get("code").asText()).isEqualTo("ERR1005");
                assertThat(event.json().get("message").asText())
                        .isEqualTo("server shut down before the stream finished");
            });
            shutdown.get(30, TimeUnit.SECONDS);
        } finally {
            running.close();
        }
    }

    @Test
    void freesTheStreamOfAClientThatLeftWhileItWaitedForSynthesis() throws Exception {
        try (TestServers.Running running = TestServers.start(HELD_CHUNKS)) {
            int openBefore = activeSse(running);
            HttpResponse<InputStream> response =
                    client.send(speak(running, "Nobody will hear this."), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader body =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(body.readLine())
                        .as("the silence while the chunk is held is filled")
                        .isEqualTo(": heartbeat");
                assertThat(activeSse(running)).isEqualTo(openBefore + 1);
            }

            Poll.until(TestServers.PATIENCE, "the abandoned stream is closed", () -> activeSse(running) == openBefore);
            assertThat(running.metrics().path("tts_streams_aborted").asLong()).isEqualTo(1);
            assertThat(running.metrics().path("tts_streams_completed").asLong()).isZero();
        }
    }

    private static HttpRequest speak(TestServers.Running running, String text) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.httpPort() + TtsEndpoint.PATH + "?text="
                        + java.net.URLEncoder.encode(text, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    private static int activeSse(TestServers.Running running) {
        return running.metrics().path("active_streams").path("sse").asInt();
    }
}
