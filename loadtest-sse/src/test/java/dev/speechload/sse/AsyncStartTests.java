package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.sse.testing.RecordingContext;
import dev.speechload.sse.testing.TestSseServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link SseScenario#start}: the asynchronous contract the engine's scheduler uses. */
@DisplayName("SseScenario.start (AsyncScenario)")
class AsyncStartTests {

    private TestSseServer server;
    private RecordingContext context;
    private final List<StreamOutcome> ends = new CopyOnWriteArrayList<>();
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
                .route("/three", x -> x.openStream().event("1", "tick", "{}").event("2", "tick", "{}")
                        .event("3", "tick", "{}"))
                .route("/gone", x -> x.respond(503, "application/json", "{\"code\":\"BUSY\"}"));
        context = new RecordingContext(server.baseUrl(), 1);
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
            }
        });
    }

    @Test
    void cancellingTheFutureCutsTheStreamAndRecordsWhatItSaw() throws Exception {
        SseScenario sse = scenario("/forever");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            assertThat(threeEvents.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(end).isNotDone();

            assertThat(end.cancel(true)).isTrue();

            assertThat(end).isCancelled();
            // One terminal callback, saying the stream was cut, and what it saw is recorded.
            assertThat(ends).singleElement().satisfies(o -> assertThat(o.kind()).isEqualTo(SseErrorKind.RUN_ENDED));
            assertThat(context.counter("sse.events")).isGreaterThanOrEqualTo(3);
            assertThat(context.counter("sse.bytes")).isPositive();
            assertThat(context.values("time_to_first_event")).hasSize(1);
            assertThat(context.counter("sse.streams_ok")).isZero();
            assertThat(context.failures()).isEmpty();
            // A later cancel changes nothing: one end, nothing recorded twice.
            long events = context.counter("sse.events");
            end.cancel(true);
            assertThat(ends).hasSize(1);
            assertThat(context.counter("sse.events")).isEqualTo(events);
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void completesNormallyOnceWhenTheStreamEnds() throws Exception {
        SseScenario sse = scenario("/three");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            end.get(10, TimeUnit.SECONDS);
            // Completed once: a cancel after the end changes nothing.
            assertThat(end.cancel(true)).isFalse();
            assertThat(end).isNotCancelled();
            assertThat(ends).singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
            assertThat(context.counter("sse.events")).isEqualTo(3);
            assertThat(context.counter("sse.streams_ok")).isEqualTo(1);
        } finally {
            sse.tearDown();
        }
    }

    @Test
    void failsTheIterationAndCompletesExceptionallyOnAnHttpError() throws Exception {
        SseScenario sse = scenario("/gone");
        sse.setUp(context);
        try {
            CompletableFuture<?> end = sse.start(context.iteration(0)).toCompletableFuture();
            assertThatThrownBy(() -> end.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SseStreamException.class).hasMessageContaining("HTTP 503");
            assertThat(context.failures()).containsExactly("HTTP_503_BUSY");
            assertThat(ends).hasSize(1);
        } finally {
            sse.tearDown();
        }
    }
}
