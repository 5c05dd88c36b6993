package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.sse.testing.TestSseServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TtsScenarioTests {

    private TestSseServer server;
    private RecordingContext context;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestSseServer.start().route("/v1/tts", x -> {
            String body = x.body();
            requests.add(x.method() + " " + x.query() + " " + body);
            String text = x.method().equals("GET")
                    ? "from-query"
                    : Json.mapper().readTree(body).get("text").asText();
            if (text.equals("fail")) {
                x.openStream().event("1", "chunk", "{}");
                x.event(null, "error", "{\"code\":\"ERR1006\",\"message\":\"synthesis failed\"}");
                return;
            }
            x.openStream().event("1", "chunk", "{\"chunk\":0}");
            for (int f = 0; f < 3; f++) {
                x.event(String.valueOf(f + 2), "audio", TestSseServer.audioData(f, 1600, 16_000));
            }
            x.event("5", "done", TestSseServer.doneData(3));
        });
        context = RecordingContext.http(server.baseUrl()).withPlan(LoadPlan.closed(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsJsonTextAndCountsAudioEventsUntilDone() throws Exception {
        TtsScenario tts =
                TtsScenario.create(List.of("héllo \"world\"", "second")).withVoice("en-us");
        tts.setUp(context);
        try {
            tts.run(context.iteration(0));
            tts.run(context.iteration(1));
        } finally {
            tts.tearDown();
        }
        assertThat(requests)
                .containsExactly(
                        "POST null {\"text\":\"héllo \\\"world\\\"\",\"voice\":\"en-us\"}",
                        "POST null {\"text\":\"second\",\"voice\":\"en-us\"}");
        assertThat(context.counterTotal("sse.events")).isEqualTo(6);
        assertThat(context.counterTotal("sse.audio_ms")).isEqualTo(600);
        assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT)).hasSize(2);
        assertThat(context.latencies("sse.event_gap")).hasSize(4);
        assertThat(context.errors()).isEmpty();
    }

    @Test
    void usesGetWithTheTextInTheQueryWhenAsked() throws Exception {
        TtsScenario tts = TtsScenario.create("a b").withGet(true);
        tts.setUp(context);
        try {
            tts.run(context.iteration(0));
        } finally {
            tts.tearDown();
        }
        assertThat(requests).containsExactly("GET text=a%20b ");
    }

    @Test
    void failsWithTheCodeOfAnErrorEvent() throws Exception {
        TtsScenario tts = TtsScenario.create("fail");
        tts.setUp(context);
        try {
            tts.run(context.iteration(0));
        } catch (SseStreamException e) {
            assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.SERVER_ERROR);
            assertThat(e).hasMessageContaining("ERR1006 synthesis failed");
        } finally {
            tts.tearDown();
        }
        assertThat(context.errors()).containsExactly("ERR1006");
    }

    @Test
    void opensStreamsOutsideTheEngine() throws Exception {
        try (SseSession session = TtsScenario.create("hello").open(server.baseUrl(), 1)) {
            StreamOutcome o = session.stream(0, 0);
            assertThat(o.ok()).isTrue();
            assertThat(o.events()).isEqualTo(3);
            assertThat(o.audioMillis()).isEqualTo(300.0);
            assertThat(o.lastEventId()).isEqualTo("5");
            assertThat(o.realTimeFactor()).isPositive();
        }
    }
}
