package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.io.Json;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Endpoints;
import dev.speechload.sse.testing.TestSseServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SSE scenarios run through the real engine (LoadRunner)")
class EngineRunTests {

    private TestSseServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestSseServer.start()
                .route("/v1/tts", x -> {
                    String text = Json.mapper().readTree(x.body()).get("text").asText();
                    x.openStream().event("1", "chunk", "{}");
                    if (text.equals("fail")) {
                        x.event(null, "error", "{\"code\":\"ERR1006\",\"message\":\"synthesis failed\"}");
                        return;
                    }
                    for (int f = 0; f < 3; f++) {
                        x.event(String.valueOf(f + 2), "audio", TestSseServer.audioData(f, 1600, 16_000)).pause(5);
                    }
                    x.event("5", "done", TestSseServer.doneData(3));
                })
                .route("/forever", x -> {
                    x.openStream();
                    for (int i = 1; ; i++) {
                        x.event(String.valueOf(i), "audio", TestSseServer.audioData(i, 160, 16_000)).pause(20);
                    }
                });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LoadRunner runner(LoadPlan plan) {
        return new LoadRunner(plan).withEndpoints(new Endpoints(Map.of(Endpoints.HTTP, server.baseUrl())))
                .withGracePeriod(Duration.ofSeconds(1));
    }

    @Test
    void countsEventsAudioAndServerErrorCodes() throws Exception {
        TrialData data = runner(LoadPlan.closed(2).withIterations(6)).run(TtsScenario.create(List.of("hello", "fail")), 0);
        assertThat(data.completedIterations()).isEqualTo(12);
        assertThat(data.errorsByCode()).containsExactly(Map.entry("ERR1006", 6L));
        assertThat(data.counters().get("sse.events").total()).isEqualTo(18);
        assertThat(data.counters().get("sse.audio_ms").total()).isEqualTo(1800);
        assertThat(data.counters().get("sse.streams_ok").total()).isEqualTo(6);
        assertThat(data.latencies().get(RunResult.TIME_TO_FIRST_EVENT).getTotalCount()).isEqualTo(6);
        assertThat(data.latencies().get("sse.event_gap").getTotalCount()).isEqualTo(12);
    }

    @Test
    void endsNeverEndingStreamsAtTheRunDeadlineWithoutErrors() throws Exception {
        long start = System.nanoTime();
        TrialData data = runner(LoadPlan.closed(2).withDuration(Duration.ofSeconds(1)))
                .run(TtsScenario.create("x").withPath("/forever"), 0);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
        assertThat(data.errorsByCode()).isEmpty();
        // One stream per channel, cut at the deadline: counted apart, not as errors.
        assertThat(data.counters().get("sse.streams_cut_at_run_end").total()).isEqualTo(2);
        assertThat(data.latencies().get("sse.stream_duration").getTotalCount()).isZero();
    }
}
