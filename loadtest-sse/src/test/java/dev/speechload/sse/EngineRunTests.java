package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.io.internal.Json;
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

    private static final long MS = 1_000_000L;

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
                        x.event(String.valueOf(f + 2), "audio", TestSseServer.audioData(f, 1600, 16_000))
                                .pause(5);
                    }
                    x.event("5", "done", TestSseServer.doneData(3));
                })
                .route("/slow", x -> {
                    x.openStream();
                    for (int f = 0; f < 6; f++) {
                        x.event(String.valueOf(f + 1), "audio", TestSseServer.audioData(f, 1600, 16_000))
                                .pause(110);
                    }
                    x.event("7", "done", TestSseServer.doneData(6));
                })
                .route("/forever", x -> {
                    x.openStream();
                    for (int i = 1; ; i++) {
                        x.event(String.valueOf(i), "audio", TestSseServer.audioData(i, 160, 16_000))
                                .pause(20);
                    }
                });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LoadRunner runner(LoadPlan plan) {
        return runner(plan, Duration.ofSeconds(1));
    }

    private LoadRunner runner(LoadPlan plan, Duration grace) {
        return new LoadRunner(plan)
                .withEndpoints(new Endpoints(Map.of(Endpoints.HTTP, server.baseUrl())))
                .withGracePeriod(grace);
    }

    @Test
    void countsEventsAudioAndServerErrorCodes() throws Exception {
        TrialData data =
                runner(LoadPlan.closed(2).withIterations(6)).run(TtsScenario.create(List.of("hello", "fail")), 0);
        assertThat(data.completedIterations()).isEqualTo(12);
        assertThat(data.errorsByCode()).containsExactly(Map.entry("ERR1006", 6L));
        assertThat(data.counters().get("sse.events").total()).isEqualTo(18);
        assertThat(data.counters().get("sse.audio_ms").total()).isEqualTo(1800);
        assertThat(data.counters().get("sse.streams_ok").total()).isEqualTo(6);
        assertThat(data.latencies().get(RunResult.TIME_TO_FIRST_EVENT).getTotalCount())
                .isEqualTo(6);
        assertThat(data.latencies().get("sse.event_gap").getTotalCount()).isEqualTo(12);
    }

    @Test
    void measuresStreamsThatEndInTheGracePeriodLikeAnyOther() throws Exception {
        // Each stream takes >= 600 ms, so one per channel is running at the 1 s deadline; 10 s of grace lets it end.
        TrialData data = runner(LoadPlan.closed(2).withDuration(Duration.ofSeconds(1)), Duration.ofSeconds(10))
                .run(TtsScenario.create("x").withPath("/slow"), 0);
        long completed = data.completedIterations();
        assertThat(completed).isGreaterThanOrEqualTo(2);
        assertThat(data.errorsByCode()).isEmpty();
        assertThat(data.counters().get("iterations.cut").total()).isZero();
        assertThat(data.counters().get("sse.streams_ok").total()).isEqualTo(completed);
        assertThat(data.counters().get("sse.audio_ms").total()).isEqualTo(completed * 600);
        // No stream was shortened at the deadline: every service time covers the server's pacing.
        assertThat(data.latencies().get(RunResult.SERVICE_TIME).getMinValue()).isGreaterThanOrEqualTo(550 * MS);
        assertThat(data.latencies().get("sse.stream_duration").getTotalCount()).isEqualTo(completed);
    }

    @Test
    void leavesStreamsCutAfterTheGracePeriodToTheEngineAndRecordsWhatTheySaw() throws Exception {
        long start = System.nanoTime();
        TrialData data = runner(LoadPlan.closed(2).withDuration(Duration.ofSeconds(1)), Duration.ofMillis(300))
                .run(TtsScenario.create("x").withPath("/forever"), 0);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
        // One never-ending stream per channel: counted once each as cut, not as errors or completions.
        assertThat(data.counters().get("iterations.cut").total()).isEqualTo(2);
        assertThat(data.completedIterations()).isZero();
        assertThat(data.errorsByCode()).isEmpty();
        // What the endless streams sent until they were cut counts (the /forever route sends audio).
        assertThat(data.counters().get("sse.events").total()).isPositive();
        assertThat(data.counters().get("sse.bytes").total()).isPositive();
        assertThat(data.counters()).doesNotContainKey("sse.streams_cut_at_run_end");
        assertThat(data.latencies().get(RunResult.TIME_TO_FIRST_EVENT).getTotalCount())
                .isEqualTo(2);
        assertThat(data.latencies().get("sse.event_gap").getTotalCount()).isPositive();
        assertThat(data.latencies().get("sse.stream_duration").getTotalCount()).isZero();
    }
}
