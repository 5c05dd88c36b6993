package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.sse.testing.ManyStreamsServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #15: OkHttp reads each open stream on a thread of its own; those readers run on the
 * run's channel threads ({@code loadtest.channelThreads}, {@link LoadRunner#withChannelThreads}):
 * virtual when asked (Java 21+, so 10,000 open streams hold no platform thread each), platform by
 * default. {@code .ci/run} runs this class on Temurin 25 too; the Java 21+ test skips on 17.
 */
@DisplayName("SSE: OkHttp's reader threads follow the run's channel threads")
class ReaderThreadsTests {

    private static final int STREAMS = 20;
    private static final int EVENTS = 3;

    /** Whether each reader thread that opened a stream was virtual, and its name. */
    private record Reader(boolean virtual, String name) {}

    private static TrialData run(ManyStreamsServer server, LoadRunner runner, List<Reader> readers) throws Exception {
        SseScenario scenario = SseScenario.get("/readers").withListener(new SseListener() {
            @Override
            public void onOpen(int status, String contentType) {
                readers.add(new Reader(onVirtualThread(), Thread.currentThread().getName()));
            }
        });
        return runner.withEndpoints(new Endpoints(Map.of(Endpoints.HTTP, server.baseUrl())))
                .withTimeLimit(Duration.ofMinutes(1))
                .withGracePeriod(Duration.ofSeconds(20))
                .run(scenario, 0);
    }

    private static LoadRunner oneStreamPerChannel() {
        return new LoadRunner(LoadPlan.closed(STREAMS).withIterations(1));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void readsOnVirtualThreadsWhenTheRunsChannelThreadsAreVirtual() throws Exception {
        assumeTrue(
                ChannelThreads.virtualAvailable(),
                "virtual threads need Java 21+; this JVM is " + Runtime.version()
                        + " (.ci/run runs this test on Temurin 25)");
        List<Reader> readers = new CopyOnWriteArrayList<>();
        try (ManyStreamsServer server = ManyStreamsServer.start(EVENTS, 50)) {
            TrialData data = run(server, oneStreamPerChannel().withChannelThreads(ChannelThreads.VIRTUAL), readers);

            assertThat(readers)
                    .hasSize(STREAMS)
                    .allSatisfy(r -> assertThat(r.virtual())
                            .as("reader thread %s is virtual", r.name())
                            .isTrue());
            assertThat(data.errorsByCode()).isEmpty();
            assertThat(data.counters().get("sse.events").total()).isEqualTo((long) STREAMS * EVENTS);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void readsOnPlatformThreadsByDefault() throws Exception {
        List<Reader> readers = new CopyOnWriteArrayList<>();
        try (ManyStreamsServer server = ManyStreamsServer.start(EVENTS, 50)) {
            TrialData data = run(server, oneStreamPerChannel(), readers);

            // OkHttp names a platform reader after its call while it runs it.
            assertThat(readers).hasSize(STREAMS).allSatisfy(r -> {
                assertThat(r.virtual())
                        .as("reader thread %s is virtual", r.name())
                        .isFalse();
                assertThat(r.name()).startsWith("OkHttp " + server.baseUrl());
            });
            assertThat(data.errorsByCode()).isEmpty();
            assertThat(data.counters().get("sse.events").total()).isEqualTo((long) STREAMS * EVENTS);
        }
    }

    @Test
    void askingForVirtualReadersOnJava17FailsBeforeAnyStreamSaysWhatToDo() throws Exception {
        assumeFalse(ChannelThreads.virtualAvailable(), "this JVM (" + Runtime.version() + ") has virtual threads");
        try (ManyStreamsServer server = ManyStreamsServer.start(EVENTS, 50)) {
            assertThatThrownBy(() -> run(
                            server,
                            oneStreamPerChannel().withChannelThreads(ChannelThreads.VIRTUAL),
                            new CopyOnWriteArrayList<>()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("virtual channel threads need Java 21 or later")
                    .hasMessageContaining("use platform threads");
            assertThat(server.streamsAnswered()).isZero();
        }
    }

    @Test
    void aScenarioSetUpByHandWithVirtualThreadsOnJava17FailsAtSetUp() {
        assumeFalse(ChannelThreads.virtualAvailable(), "this JVM (" + Runtime.version() + ") has virtual threads");
        SseScenario scenario = SseScenario.get("http://127.0.0.1:9/readers");
        RecordingContext context =
                RecordingContext.of(new Endpoints(Map.of())).withChannelThreads(ChannelThreads.VIRTUAL);

        assertThatThrownBy(() -> scenario.setUp(context))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("virtual channel threads need Java 21 or later");
    }

    /** {@code Thread.isVirtual()} is Java 21 API and this module compiles for 17. */
    private static boolean onVirtualThread() {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        } catch (NoSuchMethodException e) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
