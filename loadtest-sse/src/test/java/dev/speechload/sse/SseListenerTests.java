package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.sse.testing.TestSseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SseListener: exactly one terminal callback per stream")
class SseListenerTests {

    private TestSseServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestSseServer.start()
                .route("/ok", x -> x.openStream().event("1", "tick", "{}").event("2", "done", "{}"))
                .route(
                        "/error-event",
                        x -> x.openStream().event("1", "tick", "{}").event(null, "error", "{}"))
                .route("/http-error", x -> x.respond(503, "application/json", "{\"error\":{\"code\":\"ERR1005\"}}"))
                .route("/reset", x -> x.openStream().event("1", "tick", "{}"))
                .route("/stall", x -> x.openStream().event("1", "tick", "{}").pause(30_000))
                .route("/forever", x -> {
                    x.openStream();
                    for (int i = 1; ; i++) {
                        x.event(String.valueOf(i), "tick", "{}").pause(5);
                    }
                })
                .route("/huge", x -> {
                    x.openStream().raw("data: ");
                    for (int i = 0; i < 64; i++) {
                        x.raw("z".repeat(16 * 1024));
                    }
                })
                .route("/racy", x -> {
                    // Ends close to the scenario's maximum duration, so the time bound and the end event race.
                    x.openStream();
                    for (int i = 1; i <= 20; i++) {
                        x.event(String.valueOf(i), "tick", "{}").pause(10);
                    }
                    x.event("21", "done", "{}");
                });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void callsOnEndOnceAndLastWhateverEndsTheStream() throws Exception {
        for (String path : List.of("/ok", "/error-event", "/http-error", "/reset", "/stall", "/forever", "/huge")) {
            Recorder recorder = new Recorder();
            SseScenario s = SseScenario.get(path)
                    .withEndEvent(e -> e.is("done"))
                    .withFailureEvent(e -> e.is("error"), e -> "ERR", e -> null)
                    .withOptions(SseOptions.defaults()
                            .withReadTimeout(Duration.ofMillis(400))
                            .withStreamTimeout(Duration.ofMillis(600))
                            .withMaxEventBytes(64 * 1024))
                    .withListener(recorder);
            StreamOutcome outcome;
            try (SseSession session = s.open(server.baseUrl(), 1)) {
                outcome = session.stream(0, 0);
                // Our own cancel (at the time bound) must not surface later as a second end or an event.
                Thread.sleep(200);
            }
            assertThat(recorder.calls())
                    .as(path)
                    .filteredOn(c -> c.startsWith("end"))
                    .hasSize(1);
            assertThat(recorder.calls()).as(path).last().isEqualTo("end " + outcome.errorCode());
        }
    }

    @Test
    void neverCallsOnEndTwiceWhenTheEndEventRacesTheTimeBound() throws Exception {
        Recorder recorder = new Recorder();
        SseScenario s = SseScenario.get("/racy")
                .withEndEvent(e -> e.is("done"))
                .withOptions(SseOptions.defaults().withStreamTimeout(Duration.ofMillis(220)))
                .withListener(recorder);
        int streams = 40;
        List<StreamOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SseSession session = s.open(server.baseUrl(), 4)) {
            List<Future<StreamOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int index = i;
                futures.add(pool.submit(() -> session.stream(index % 4, index)));
            }
            for (Future<StreamOutcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Thread.sleep(200);
        assertThat(recorder.calls()).filteredOn(c -> c.startsWith("end")).hasSize(streams);
        assertThat(outcomes)
                .allSatisfy(o ->
                        assertThat(o.ok() || o.kind() == SseErrorKind.TIMEOUT).isTrue());
    }

    /** Keeps the callback sequence of the streams it watches. */
    private static final class Recorder implements SseListener {
        private final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void onOpen(int status, String contentType) {
            calls.add("open " + status);
        }

        @Override
        public synchronized void onEvent(SseEvent event, long sinceStartNanos) {
            calls.add("event " + event.type());
        }

        @Override
        public synchronized void onEnd(StreamOutcome outcome) {
            calls.add("end " + outcome.errorCode());
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }
    }
}
