package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.sse.testing.TestSseServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link SseScenario#start}: the asynchronous contract the engine's scheduler uses. One end per
 * stream, whatever ends it; a cancel cuts the stream and keeps what it saw; failures complete
 * the stage exceptionally with the stream's error code; the bounds fire on the run's timer, with
 * no thread waiting; every figure is recorded before the stage completes.
 */
@DisplayName("SseScenario.start (AsyncScenario)")
class AsyncStartTests {

    private TestSseServer server;
    private RecordingContext context;
    private final List<StreamOutcome> ends = new CopyOnWriteArrayList<>();
    private final List<String> endThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch threeEvents = new CountDownLatch(3);

    @BeforeEach
    void start() throws Exception {
        server = TestSseServer.start()
                .route("/forever", x -> {
                    x.openStream();
                    for (int i = 1; ; i++) {
                        x.event(String.valueOf(i), "tick", "{}").pause(20);
                    }
                })
                .route(
                        "/three",
                        x -> x.openStream()
                                .event("1", "tick", "{}")
                                .event("2", "tick", "{}")
                                .event("3", "tick", "{}"))
                .route("/gone", x -> x.respond(503, "application/json", "{\"code\":\"BUSY\"}"))
                .route(
                        "/refuses",
                        x -> x.openStream()
                                .event("1", "tick", "{}")
                                .event(null, "error", "{\"code\":\"ERR1006\"}")
                                .pause(60_000));
        context = RecordingContext.http(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SseScenario scenario(String path) {
        return SseScenario.get(path).withListener(new SseListener() {
            @Override
            public void onEvent(SseEvent event, long sinceStartNanos) {
                threeEvents.countDown();
            }

            @Override
            public void onEnd(StreamOutcome outcome) {
                ends.add(outcome);
                endThreads.add(Thread.currentThread().getName());
            }
        });
    }

    /** The events, first-event times and completions recorded so far, as one comparable line. */
    private String recorded() {
        return "events=" + context.counterTotal("sse.events") + " bytes=" + context.counterTotal("sse.bytes")
                + " ttfe=" + context.latencies(RunResult.TIME_TO_FIRST_EVENT).size()
                + " gaps=" + context.latencies("sse.event_gap").size()
                + " ok=" + context.counterTotal("sse.streams_ok") + " failures=" + context.errors();
    }

    @Test
    void returnsAtOnceAndCancellingTheStageCutsTheStreamKeepingWhatItSaw() throws Exception {
        SseScenario sse = scenario("/forever");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            AtomicReference<String> atCompletion = new AtomicReference<>();
            end.whenComplete((v, t) -> atCompletion.set(recorded()));
            // start returned with the stream running: no thread waited for it.
            assertThat(end).isNotDone();
            assertThat(threeEvents.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(end).isNotDone();

            assertThat(end.cancel(true)).isTrue();

            assertThat(end).isCancelled();
            // One terminal callback, saying the stream was cut; what it saw is recorded, no completion, no error.
            assertThat(ends).singleElement().satisfies(o -> assertThat(o.kind()).isEqualTo(SseErrorKind.RUN_ENDED));
            long events = context.counterTotal("sse.events");
            assertThat(events).isEqualTo(ends.get(0).events()).isGreaterThanOrEqualTo(3);
            assertThat(context.counterTotal("sse.bytes"))
                    .isEqualTo(ends.get(0).bytes())
                    .isPositive();
            assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT)).hasSize(1);
            assertThat(context.latencies("sse.event_gap")).hasSize((int) events - 1);
            assertThat(context.counterTotal("sse.streams_ok")).isZero();
            assertThat(context.latencies("sse.stream_duration")).isEmpty();
            assertThat(context.errors()).isEmpty();
            // Recorded before the stage completed: the engine counts the iteration when it does.
            assertThat(atCompletion.get()).isEqualTo(recorded());
            // A later cancel changes nothing: one end, nothing recorded twice.
            assertThat(end.cancel(true)).isTrue();
            Thread.sleep(100);
            assertThat(ends).hasSize(1);
            assertThat(recorded()).isEqualTo(atCompletion.get());
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void completesNormallyOnceWhenTheStreamEndsWithEverythingRecordedFirst() throws Exception {
        SseScenario sse = scenario("/three");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            AtomicReference<String> atCompletion = new AtomicReference<>();
            // What a dependent of the stage (the engine's callback) sees when it runs.
            end.whenComplete((v, t) -> atCompletion.set(recorded())).get(10, TimeUnit.SECONDS);

            assertThat(atCompletion.get())
                    .isEqualTo(
                            "events=3 bytes=" + context.counterTotal("sse.bytes") + " ttfe=1 gaps=2 ok=1 failures=[]");
            assertThat(context.latencies("sse.stream_duration")).hasSize(1);
            // Completed once: a cancel after the end changes nothing.
            assertThat(end.cancel(true)).isFalse();
            assertThat(end).isNotCancelled();
            assertThat(ends).singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
            assertThat(recorded()).isEqualTo(atCompletion.get());
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void anHttpErrorFailsTheIterationAndCompletesTheStageExceptionally() throws Exception {
        SseScenario sse = scenario("/gone");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            assertThatThrownBy(() -> end.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SseStreamException.class)
                    .hasMessageContaining("HTTP_503_BUSY from GET")
                    .hasMessageContaining("answered HTTP 503");
            assertThat(context.errors()).containsExactly("HTTP_503_BUSY");
            assertThat(ends).hasSize(1);
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void aFailureEventCompletesTheStageWithTheServersCodeWithoutWaitingForTheBodyToEnd() throws Exception {
        SseScenario sse = scenario("/refuses").withFailureEvent(e -> e.is("error"), e -> "ERR1006", e -> "refused");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            // The server keeps the body open for a minute after its error event.
            assertThatThrownBy(() -> end.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(SseStreamException.class)
                    .satisfies(
                            e -> assertThat(((SseStreamException) e).outcome().errorCode())
                                    .isEqualTo("ERR1006"));
            assertThat(context.errors()).containsExactly("ERR1006");
            assertThat(context.counterTotal("sse.events")).isEqualTo(1);
            assertThat(ends).hasSize(1);
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void theStreamTimeoutFiresOnTheRunsTimerAndFailsTheStageAsTimeout() throws Exception {
        SseScenario sse =
                scenario("/forever").withOptions(SseOptions.defaults().withStreamTimeout(Duration.ofMillis(500)));
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            // Nobody waits on the stream: the test thread only polls the stage.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!end.isDone() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(end).isCompletedExceptionally();
            assertThatThrownBy(end::join)
                    .cause()
                    .isInstanceOf(SseStreamException.class)
                    .hasMessageContaining("did not end within the stream timeout (500 ms)");
            assertThat(context.errors()).containsExactly("TIMEOUT");
            assertThat(endThreads).containsExactly("sse-timer-sse");
            assertThat(context.counterTotal("sse.events")).isPositive();
            assertThat(context.counterTotal("sse.streams_ok")).isZero();
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void theMaximumDurationFiresOnTheRunsTimerAndEndsTheStreamAsPlanned() throws Exception {
        SseScenario sse =
                scenario("/forever").withOptions(SseOptions.defaults().withMaxStreamDuration(Duration.ofMillis(500)));
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            end.get(30, TimeUnit.SECONDS);

            assertThat(endThreads).containsExactly("sse-timer-sse");
            assertThat(ends).singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
            assertThat(context.errors()).isEmpty();
            assertThat(context.counterTotal("sse.streams_ok")).isEqualTo(1);
            long events = context.counterTotal("sse.events");
            assertThat(events).isPositive();
            assertThat(context.latencies("sse.event_gap")).hasSize((int) events - 1);
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void ttsScenarioStartsItsStreamThroughTheSameContract() throws Exception {
        server.route(
                "/v1/tts",
                x -> x.openStream()
                        .event("1", "audio", TestSseServer.audioData(0, 1600, 16_000))
                        .event("2", "done", TestSseServer.doneData(1)));
        TtsScenario tts = TtsScenario.create("hello");
        assertThatThrownBy(() -> tts.start(context.iteration(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TtsScenario is not set up: call setUp(..) first (the engine does)");
        tts.setUp(context);
        try {
            tts.start(context.iteration(0)).get(10, TimeUnit.SECONDS);
        } finally {
            tts.tearDown();
        }
        assertThat(context.counterTotal("sse.streams_ok")).isEqualTo(1);
        assertThat(context.counterTotal("sse.audio_ms")).isEqualTo(100);
    }
}
