package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.sse.testing.TestSseServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseScenarioTests {

    private static final long MS = 1_000_000L;

    private TestSseServer server;
    private RecordingContext context;

    @BeforeEach
    void startServer() throws IOException {
        server = TestSseServer.start();
        context = RecordingContext.http(server.baseUrl()).withPlan(LoadPlan.closed(4));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Runs one iteration; returns the stream's failure, or null when it succeeded. */
    private SseStreamException runOnce(SseScenario scenario, long index) throws Exception {
        scenario.setUp(context);
        try {
            scenario.run(context.iteration(index));
            return null;
        } catch (SseStreamException e) {
            return e;
        } finally {
            scenario.tearDown();
        }
    }

    /** A stream that never ends: a tick every 20 ms. */
    private static void ticksForever(TestSseServer.Exchange x) throws Exception {
        x.openStream();
        for (int i = 1; ; i++) {
            x.event(String.valueOf(i), "tick", "{}").pause(20);
        }
    }

    private static SseScenario audioScenario(String path) {
        return SseScenario.get(path)
                .withCountedEvents(e -> e.is("audio"))
                .withEndEvent(e -> e.is("done"))
                .withAudioEvents(e -> e.is("audio"), 16_000);
    }

    @Test
    void measuresTimeToFirstEventFromTheRequestStartNotFromTheHeaders() throws Exception {
        server.route("/slow-first", x -> {
            x.openStream().pause(400);
            x.event("1", "audio", TestSseServer.audioData(0, 1600, 16_000));
            x.event("2", "done", TestSseServer.doneData(1));
        });
        assertThat(runOnce(audioScenario("/slow-first"), 0)).isNull();
        assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT))
                .singleElement()
                .satisfies(ttfe -> assertThat(ttfe).isGreaterThanOrEqualTo(400 * MS));
        assertThat(context.counterTotal("sse.streams_ok")).isEqualTo(1);
    }

    @Test
    void recordsGapsCompletionEventsBytesAndAudio() throws Exception {
        server.route("/five", x -> {
            x.openStream();
            for (int i = 0; i < 5; i++) {
                x.event(String.valueOf(i + 1), "audio", TestSseServer.audioData(i, 1600, 16_000))
                        .pause(60);
            }
            x.event("6", "done", TestSseServer.doneData(5));
        });
        assertThat(runOnce(audioScenario("/five"), 0)).isNull();
        // Four gaps between five events; arrival jitter may shorten one, but together they span the pacing.
        assertThat(context.latencies("sse.event_gap"))
                .hasSize(4)
                .allSatisfy(gap -> assertThat(gap).isPositive());
        assertThat(context.latencies("sse.event_gap").stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isGreaterThan(120 * MS);
        assertThat(context.latencies("sse.stream_duration"))
                .singleElement()
                .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(250 * MS));
        assertThat(context.counterTotal("sse.events")).isEqualTo(5);
        assertThat(context.counterTotal("sse.audio_ms")).isEqualTo(500);
        assertThat(context.counterTotal("sse.bytes")).isGreaterThan(5 * 3200 * 4 / 3);
        long duration = context.latencies("sse.stream_duration").get(0);
        // 500 ms of audio: wall time per audio second is twice the stream's duration.
        assertThat(context.latencies("sse.wall_per_audio_second"))
                .singleElement()
                .satisfies(v -> assertThat(v).isEqualTo(duration * 2));
        assertThat(context.latencies("sse.client_time_per_event"))
                .singleElement()
                .satisfies(v -> assertThat(v).isEqualTo(duration / 5));
        assertThat(context.errors()).isEmpty();
    }

    @Test
    void aRedirectFailsTheStreamWithItsOwnCodeAndTheLocationInsteadOfLeavingTheTarget() throws Exception {
        try (TestSseServer elsewhere = TestSseServer.start()) {
            elsewhere.route(
                    "/elsewhere", x -> x.openStream().event("1", "audio", "{}").event("2", "done", "{}"));
            server.route("/moved", x -> x.redirect(302, elsewhere.url("/elsewhere")));

            SseStreamException e = runOnce(SseScenario.post("/moved", "application/json", (c, i) -> "{}"), 0);

            assertThat(e).isNotNull();
            assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.REDIRECT);
            assertThat(e.outcome().errorCode()).isEqualTo("REDIRECT");
            assertThat(e.getMessage())
                    .contains("answered HTTP 302 to " + elsewhere.url("/elsewhere"))
                    .contains("redirects are not followed");
            assertThat(elsewhere.hits("/elsewhere")).isZero();
            assertThat(context.errors()).containsExactly("REDIRECT");
        }
    }

    @Test
    void followsARedirectWithinTheTargetsOriginKeepingTheMethodOnlyWhenAsked() throws Exception {
        AtomicReference<String> method = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        server.route("/old", x -> x.redirect(307, "/new"));
        server.route("/new", x -> {
            method.set(x.method());
            body.set(x.body());
            x.openStream().event("1", "audio", "{}").event("2", "done", "{}");
        });

        SseScenario scenario = SseScenario.post("/old", "application/json", (c, i) -> "{\"text\":\"hi\"}")
                .withEndEvent(e -> e.is("done"))
                .withOptions(SseOptions.defaults().withRedirects(true));
        assertThat(runOnce(scenario, 0)).isNull();
        assertThat(method.get()).isEqualTo("POST");
        assertThat(body.get()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(context.counterTotal("sse.events")).isEqualTo(1);
    }

    @Test
    void neverFollowsARedirectToAnotherOrigin() throws Exception {
        try (TestSseServer elsewhere = TestSseServer.start()) {
            elsewhere.route("/x", x -> x.openStream().event("1", "done", "{}"));
            server.route("/away", x -> x.redirect(308, elsewhere.url("/x")));

            SseStreamException e = runOnce(
                    SseScenario.get("/away").withOptions(SseOptions.defaults().withRedirects(true)), 0);

            assertThat(e.outcome().errorCode()).isEqualTo("REDIRECT");
            assertThat(e.getMessage()).contains("outside the target's origin");
            assertThat(elsewhere.hits("/x")).isZero();
        }
    }

    @Test
    void computesTheRealTimeFactorFromSamplesOrFromBase64Length() throws Exception {
        AtomicReference<StreamOutcome> seen = new AtomicReference<>();
        server.route("/frames", x -> {
            x.openStream();
            // 8000 samples at 8 kHz (1 s) stated, then 4000 samples at 16 kHz (250 ms) from base64 only.
            x.event("1", "audio", "{\"samples\":8000,\"sample_rate_hz\":8000}");
            String b64 = java.util.Base64.getEncoder().encodeToString(new byte[8000]);
            x.event("2", "audio", "{\"pcm16\":\"" + b64 + "\"}");
            x.event("3", "done", "{}");
        });
        assertThat(runOnce(
                        audioScenario("/frames").withListener(new SseListener() {
                            @Override
                            public void onEnd(StreamOutcome outcome) {
                                seen.set(outcome);
                            }
                        }),
                        0))
                .isNull();
        StreamOutcome o = seen.get();
        assertThat(o.audioSamples()).isEqualTo(12_000);
        assertThat(o.audioMillis()).isEqualTo(1250.0);
        assertThat(o.realTimeFactor()).isEqualTo(1250.0 * 1e6 / o.durationNanos());
        assertThat(o.eventsPerSecond()).isEqualTo(2 * 1e9 / o.durationNanos());
    }

    @Test
    void namesHttpErrorsWithTheStatusAndTheServersCode() throws Exception {
        server.route(
                "/bad",
                x -> x.respond(
                        400, "application/json", "{\"error\":{\"code\":\"ERR1001\",\"message\":\"text is empty\"}}"));
        server.route("/plain", x -> x.respond(500, "text/plain", "boom"));
        SseStreamException bad = runOnce(SseScenario.get("/bad"), 0);
        assertThat(bad.outcome().errorCode()).isEqualTo("HTTP_400_ERR1001");
        assertThat(bad.outcome().kind()).isEqualTo(SseErrorKind.HTTP);
        assertThat(bad).hasMessageContaining("HTTP 400 ERR1001: text is empty");
        SseStreamException plain = runOnce(SseScenario.get("/plain"), 1);
        assertThat(plain.outcome().errorCode()).isEqualTo("HTTP_500");
        assertThat(plain).hasMessageContaining("boom");
        assertThat(context.errors()).containsExactly("HTTP_400_ERR1001", "HTTP_500");
    }

    @Test
    void failsOnAFailureEventWithTheServersCode() throws Exception {
        server.route("/err", x -> {
            x.openStream().event("1", "audio", TestSseServer.audioData(0, 160, 16_000));
            x.event(null, "error", "{\"code\":\"ERR1004\",\"message\":\"chunk timed out\"}");
        });
        SseScenario s = audioScenario("/err")
                .withFailureEvent(
                        e -> e.is("error"),
                        e -> e.data().contains("ERR1004") ? "ERR1004" : null,
                        e -> "chunk timed out");
        SseStreamException e = runOnce(s, 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.SERVER_ERROR);
        assertThat(context.errors()).containsExactly("ERR1004");
        assertThat(e).hasMessageContaining("chunk timed out");
        // The first event still counts, and the time to it is recorded.
        assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT)).hasSize(1);
    }

    @Test
    void rejectsAWrongContentType() throws Exception {
        server.route("/json", x -> x.respond(200, "application/json", "{\"not\":\"sse\"}"));
        SseStreamException e = runOnce(SseScenario.get("/json"), 0);
        assertThat(e.outcome().errorCode()).isEqualTo("WRONG_CONTENT_TYPE");
        assertThat(e).hasMessageContaining("Content-Type application/json; expected text/event-stream");
    }

    @Test
    void abandonsAMultiMegabyteLineAsTooLargeWithoutReadingIt() throws Exception {
        server.route("/huge", x -> {
            x.openStream().raw("data: ");
            byte[] chunk = "x".repeat(64 * 1024).getBytes();
            for (int i = 0; i < 16 * 8; i++) { // 8 MiB on one line
                x.raw(chunk);
            }
            x.raw("\n\n");
        });
        long start = System.nanoTime();
        SseStreamException e = runOnce(
                SseScenario.get("/huge").withOptions(SseOptions.defaults().withMaxEventBytes(256 * 1024)), 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.TOO_LARGE);
        assertThat(e.outcome().bytes()).isLessThan(256 * 1024 + 64 * 1024);
        assertThat(e).hasMessageContaining("262144-byte cap");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void failsAStreamThatOutlivesItsStreamTimeoutAsTimeout() throws Exception {
        server.route("/forever", SseScenarioTests::ticksForever);
        long start = System.nanoTime();
        SseStreamException e = runOnce(
                SseScenario.get("/forever")
                        .withOptions(SseOptions.defaults().withStreamTimeout(Duration.ofMillis(700))),
                0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.TIMEOUT);
        assertThat(e.outcome().events()).isPositive();
        assertThat(e).hasMessageContaining("did not end within the stream timeout (700 ms)");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void endsAnEndlessStreamAtItsMaximumDurationAsPlannedWithEverythingItSaw() throws Exception {
        server.route("/endless", SseScenarioTests::ticksForever);
        assertThat(runOnce(
                        SseScenario.get("/endless")
                                .withOptions(SseOptions.defaults().withMaxStreamDuration(Duration.ofMillis(700))),
                        0))
                .isNull();
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("sse.streams_ok")).isEqualTo(1);
        long events = context.counterTotal("sse.events");
        assertThat(events).isPositive();
        assertThat(context.counterTotal("sse.bytes")).isPositive();
        assertThat(context.latencies("sse.event_gap")).hasSize((int) events - 1);
        assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT)).hasSize(1);
    }

    @Test
    void holdsAtMostABoundedBatchOfGapsPerStreamRecordingTheRestAsTheyArrive() throws Exception {
        int total = 3 * dev.speechload.sse.internal.GapBuffer.CAPACITY + 17;
        server.route("/many", x -> {
            x.openStream();
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= total; i++) {
                burst.append("data: ").append(i).append("\n\n");
            }
            x.raw(burst.toString());
        });
        AtomicInteger recordedWhileRunning = new AtomicInteger();
        SseScenario s = SseScenario.get("/many").withListener(new SseListener() {
            @Override
            public void onEvent(SseEvent event, long sinceStartNanos) {
                if (event.data().equals(String.valueOf(total))) {
                    recordedWhileRunning.set(context.latencies("sse.event_gap").size());
                }
            }
        });
        assertThat(runOnce(s, 0)).isNull();
        assertThat(recordedWhileRunning.get())
                .as("gaps recorded before the stream ended")
                .isEqualTo(3 * dev.speechload.sse.internal.GapBuffer.CAPACITY);
        assertThat(context.latencies("sse.event_gap")).hasSize(total - 1);
        assertThat(context.counterTotal("sse.events")).isEqualTo(total);
    }

    @Test
    void letsAStreamRunningAtTheDeadlineFinishAndMeasuresItNormally() throws Exception {
        server.route("/outlives", x -> {
            x.openStream();
            for (int i = 1; i <= 5; i++) {
                x.event(String.valueOf(i), "tick", "{}").pause(100);
            }
            x.event("6", "done", "{}");
        });
        SseScenario s = SseScenario.get("/outlives").withEndEvent(e -> e.is("done"));
        s.setUp(context);
        try {
            // The run's deadline has passed before the stream starts: the grace period is the engine's to enforce.
            s.run(context.iteration(0, 0, Duration.ZERO));
        } finally {
            s.tearDown();
        }
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("sse.streams_ok")).isEqualTo(1);
        assertThat(context.counterTotal("sse.events")).isEqualTo(5);
        assertThat(context.latencies("sse.event_gap")).hasSize(4);
        assertThat(context.latencies("sse.stream_duration"))
                .singleElement()
                .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(400 * MS));
    }

    @Test
    void recordsWhatACutStreamSawButNoCompletionAndRethrowsWhenTheChannelIsInterrupted() throws Exception {
        server.route("/forever", SseScenarioTests::ticksForever);
        AtomicReference<StreamOutcome> ended = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger();
        SseScenario s = SseScenario.get("/forever").withListener(new SseListener() {
            @Override
            public void onEvent(SseEvent event, long sinceStartNanos) {
                seen.incrementAndGet();
            }

            @Override
            public void onEnd(StreamOutcome outcome) {
                ended.set(outcome);
            }
        });
        s.setUp(context);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread channel = new Thread(() -> {
            try {
                s.run(context.iteration(0));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        try {
            channel.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.get() < 3) { // gaps and a first event exist that the cut stream records
                assertThat(System.nanoTime())
                        .as("the stream started within 30 s")
                        .isLessThan(until);
                Thread.sleep(20);
            }
            channel.interrupt();
            channel.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(channel.isAlive()).isFalse();
        } finally {
            s.tearDown();
        }
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(ended.get().kind()).isEqualTo(SseErrorKind.RUN_ENDED);
        assertThat(ended.get().events()).isPositive();
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("sse.events"))
                .isEqualTo(ended.get().events())
                .isGreaterThanOrEqualTo(3);
        assertThat(context.counterTotal("sse.bytes"))
                .isEqualTo(ended.get().bytes())
                .isPositive();
        assertThat(context.latencies("sse.event_gap")).hasSize((int) ended.get().events() - 1);
        assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT)).hasSize(1);
        assertThat(context.counterTotal("sse.streams_ok")).isZero();
        assertThat(context.latencies("sse.stream_duration")).isEmpty();
    }

    @Test
    void reportsAServerThatStallsMidStreamAsStall() throws Exception {
        server.route("/stall", x -> {
            x.openStream().event("1", "tick", "{}").pause(30_000);
        });
        long start = System.nanoTime();
        SseStreamException e = runOnce(
                SseScenario.get("/stall")
                        .withEndEvent(ev -> ev.is("done"))
                        .withOptions(SseOptions.defaults().withReadTimeout(Duration.ofMillis(500))),
                0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.STALL);
        assertThat(e).hasMessageContaining("within the read timeout (500 ms) after 1 events");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void reportsEndOfStreamBeforeTheEndEventAsReset() throws Exception {
        server.route("/cut", x -> x.openStream().event("1", "tick", "{}"));
        SseStreamException e = runOnce(SseScenario.get("/cut").withEndEvent(ev -> ev.is("done")), 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.RESET);
        assertThat(e).hasMessageContaining("end of stream").hasMessageContaining("before the end event");
    }

    @Test
    void treatsEndOfStreamAsCompletionWhenNoEndEventIsSet() throws Exception {
        server.route("/short", x -> x.openStream().event("1", "tick", "{}").event("2", "tick", "{}"));
        assertThat(runOnce(SseScenario.get("/short"), 0)).isNull();
        assertThat(context.counterTotal("sse.events")).isEqualTo(2);
    }

    @Test
    void reportsARefusedConnectionAsConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SseStreamException e = runOnce(SseScenario.get("http://127.0.0.1:" + port + "/x"), 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.CONNECT);
        assertThat(e.outcome().httpStatus()).isEqualTo(-1);
    }

    @Test
    void failsDataTheEventCheckRejectsAsMalformed() throws Exception {
        server.route(
                "/garbage", x -> x.openStream().event("1", "audio", "not json").event("2", "done", "{}"));
        SseStreamException e = runOnce(audioScenario("/garbage"), 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.MALFORMED);
        assertThat(e).hasMessageContaining("'audio' event id 1 data is not valid JSON");
    }

    @Test
    void requiresIncreasingIdsWhenAsked() throws Exception {
        server.route("/ids", x -> x.openStream().event("2", "tick", "{}").event("1", "tick", "{}"));
        SseStreamException e = runOnce(SseScenario.get("/ids").withIncreasingIds(true), 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.MALFORMED);
        assertThat(e).hasMessageContaining("event id 1 after id 2: ids must increase");
    }

    @Test
    void resumesAResetStreamOnceWithLastEventId() throws Exception {
        AtomicReference<String> resumedWith = new AtomicReference<>();
        server.route("/resume", x -> {
            String last = x.header("Last-Event-ID");
            x.openStream();
            if (last == null) {
                for (int i = 1; i <= 3; i++) {
                    x.event(String.valueOf(i), "audio", TestSseServer.audioData(i, 160, 16_000));
                }
                return; // connection ends before done
            }
            resumedWith.set(last);
            int from = Integer.parseInt(last) + 1;
            for (int i = from; i <= 5; i++) {
                x.event(String.valueOf(i), "audio", TestSseServer.audioData(i, 160, 16_000));
            }
            x.event("6", "done", TestSseServer.doneData(5));
        });
        assertThat(runOnce(
                        audioScenario("/resume")
                                .withOptions(SseOptions.defaults().withReconnect(true)),
                        0))
                .isNull();
        assertThat(resumedWith.get()).isEqualTo("3");
        assertThat(context.counterTotal("sse.reconnects")).isEqualTo(1);
        assertThat(context.counterTotal("sse.events")).isEqualTo(5);
        assertThat(server.hits("/resume")).isEqualTo(2);
    }

    @Test
    void failsAResumeWhoseIdsDoNotContinue() throws Exception {
        server.route("/bad-resume", x -> {
            x.openStream();
            x.event("1", "audio", TestSseServer.audioData(1, 160, 16_000));
            x.event("2", "audio", TestSseServer.audioData(2, 160, 16_000));
            if (x.header("Last-Event-ID") != null) {
                x.event("3", "done", "{}");
            }
        });
        SseStreamException e = runOnce(
                audioScenario("/bad-resume").withOptions(SseOptions.defaults().withReconnect(true)), 0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.MALFORMED);
        assertThat(e)
                .hasMessageContaining("after reconnecting with Last-Event-ID 2 the first event id was 1; expected 3");
    }

    @Test
    void reconnectsAtMostOnce() throws Exception {
        server.route(
                "/always-cut", x -> x.openStream().event(x.header("Last-Event-ID") == null ? "1" : "2", "tick", "{}"));
        SseStreamException e = runOnce(
                SseScenario.get("/always-cut")
                        .withEndEvent(ev -> ev.is("done"))
                        .withOptions(SseOptions.defaults().withReconnect(true)),
                0);
        assertThat(e.outcome().kind()).isEqualTo(SseErrorKind.RESET);
        assertThat(e.outcome().reconnects()).isEqualTo(1);
        assertThat(server.hits("/always-cut")).isEqualTo(2);
    }

    @Test
    void sendsTheBodyHeadersAndQueryOfEachIteration() throws Exception {
        AtomicReference<String> got = new AtomicReference<>();
        server.route("/post", x -> {
            got.set(x.method() + " " + x.query() + " " + x.header("X-Test") + " " + x.header("Accept") + " "
                    + x.body());
            x.openStream().event("1", "tick", "{}");
        });
        SseScenario s = SseScenario.post("/post", "application/json", (c, i) -> "{\"i\":" + i + "}")
                .withOptions(SseOptions.defaults().withHeader("X-Test", "yes"))
                .withQueryParameter("q", (c, i) -> "a b&" + i);
        assertThat(runOnce(s, 7)).isNull();
        assertThat(got.get()).isEqualTo("POST q=a%20b%267 yes text/event-stream {\"i\":7}");
    }

    @Test
    void rejectsBadOptionsWithClearMessages() {
        assertThatThrownBy(() -> SseScenario.get("not a url"))
                .hasMessageContaining(
                        "SSE URL 'not a url' is neither a path starting with '/' nor an absolute http(s) URL");
        assertThatThrownBy(() -> SseScenario.get("/x").run(context.iteration(0)))
                .hasMessageContaining("not set up");
    }

    @Test
    void keepsEachWithCallImmutable() throws Exception {
        server.route("/a", x -> x.openStream().event("1", "tick", "{}"));
        SseScenario base = SseScenario.get("/a");
        base.withMetricPrefix("other").withEndEvent(e -> e.is("never"));
        assertThat(runOnce(base, 0)).isNull();
        assertThat(base.metricPrefix()).isEqualTo("sse");
    }

    @Test
    void registersItsMetrics() {
        SseScenario s = SseScenario.get("/x").withMetricPrefix("tts");
        s.setUp(context);
        s.tearDown();
        assertThat(context.metricNames())
                .contains(
                        RunResult.TIME_TO_FIRST_EVENT,
                        "tts.event_gap",
                        "tts.stream_duration",
                        "tts.client_time_per_event",
                        "tts.wall_per_audio_second",
                        "tts.events",
                        "tts.bytes",
                        "tts.audio_ms",
                        "tts.streams_ok",
                        "tts.reconnects")
                .doesNotContain("tts.streams_cut_at_run_end");
    }
}
