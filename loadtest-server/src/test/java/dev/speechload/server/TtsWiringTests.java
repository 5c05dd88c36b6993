package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.server.fault.FaultSettings;
import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;
import dev.speechload.server.testing.Http;
import dev.speechload.server.testing.RecordingFaultTime;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The TTS endpoint as wired into the server: its metrics and the shared faults. */
class TtsWiringTests {

    private static HttpResponse<String> speak(TestServers.Running server, String text) {
        return Http.get(server.httpPort(), "/v1/tts?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
    }

    @Test
    void countsTtsRequestsStreamsAndErrorsInMetrics() throws Exception {
        try (TestServers.Running server = TestServers.start("--tts-rtf", "0")) {
            HttpResponse<String> response = speak(server, "Hello there. General Kenobi.");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("event: done");
            assertThat(speak(server, " ").statusCode()).isEqualTo(400);

            JsonNode metrics = server.metrics();
            assertThat(metrics.path("tts_requests_total").asLong()).isEqualTo(1);
            assertThat(metrics.path("tts_streams_completed").asLong()).isEqualTo(1);
            assertThat(metrics.path("active_streams").path("sse").asInt()).isZero();
            assertThat(metrics.path("errors_total").path("ERR1001").asLong()).isEqualTo(1);
        }
    }

    @Test
    void appliesTheLatencyFaultToEveryTtsChunk() throws Exception {
        try (TestServers.Running server =
                TestServers.start("--tts-rtf", "0", "--tts-max-chars", "20", "--fault-latency-ms", "300")) {
            long start = System.nanoTime();
            // Three sentences of under 20 characters: three chunks, 300 ms each.
            HttpResponse<String> response = speak(server, "One two three. Four five six. Seven.");
            double millis = (System.nanoTime() - start) / 1e6;
            assertThat(response.body()).contains("event: done");
            assertThat(millis).isGreaterThanOrEqualTo(900);
        }
    }

    @Test
    void stretchesEachChunkByTheLatencyFactorAndChargesEveryEventTheChunkCpuCost() throws Exception {
        RecordingFaultTime time = RecordingFaultTime.instant();
        Faults faults = new Faults(new FaultSettings(0, 0, 0, 0, 0, 0, 1.1, 40), TestServers::refuseToHalt, time);
        ServerTtsHooks hooks = new ServerTtsHooks(new ServerMetrics(), faults);

        hooks.beforeChunk();
        hooks.afterChunk(50_000_000);
        hooks.beforeEvent();
        hooks.beforeEvent();

        assertThat(time.sleeps()).as("0.1 x a 50 ms synthesis").containsExactly(5_000_000L);
        assertThat(time.burns()).as("40 us per event").containsExactly(40_000L, 40_000L);
    }

    @Test
    void countsTtsRequestsTowardsTheLeakFault() throws Exception {
        try (TestServers.Running server =
                TestServers.start("--tts-rtf", "0", "--fault-leak-bytes-per-request", "4096")) {
            speak(server, "Leak a little.");
            speak(server, "Leak a little more.");
            assertThat(server.server().faults().leakedBytes()).isEqualTo(8192);
        }
    }
}
