package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.target.Endpoints;
import dev.speechload.sse.testing.ManyStreamsServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #15: through the engine, an open SSE stream holds one thread (OkHttp's reader) and no
 * channel thread, so the driver holds thousands of concurrent streams and counts every event of
 * every one. Asserts on counts only; the machine may be busy.
 */
@DisplayName("SSE: many concurrent streams through the engine")
class ManyStreamsTests {

    /**
     * Runs one stream per channel (all in one ramp step) against {@code server}, which holds every
     * stream open with its headers only until all {@code streams} are answered; then calls
     * {@code whileAllOpen} and lets the events flow.
     */
    private static TrialData runAllOpenAtOnce(
            ManyStreamsServer server, SseScenario scenario, int streams, Runnable whileAllOpen) throws Exception {
        server.pause();
        CompletableFuture<TrialData> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new LoadRunner(LoadPlan.closed(streams).withIterations(1))
                        .withEndpoints(new Endpoints(Map.of(Endpoints.HTTP, server.baseUrl())))
                        .withTimeLimit(Duration.ofMinutes(2))
                        .withGracePeriod(Duration.ofSeconds(30))
                        .run(
                                scenario.withOptions(SseOptions.defaults()
                                        .withReadTimeout(Duration.ofSeconds(90))
                                        .withConnectTimeout(Duration.ofSeconds(30))),
                                0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (server.streamsAnswered() < streams && System.nanoTime() < until && !run.isDone()) {
                Thread.sleep(50);
            }
            assertThat(server.streamsAnswered())
                    .as("streams open at once within 90 s")
                    .isEqualTo(streams);
            whileAllOpen.run();
        } finally {
            server.resume();
        }
        return run.get(2, TimeUnit.MINUTES);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void twoHundredOpenStreamsHoldOneReaderThreadEachAndNoChannelThread() throws Exception {
        int streams = 200;
        int events = 2;
        int threadsBefore = Thread.getAllStackTraces().size();
        List<String> names = new CopyOnWriteArrayList<>();
        try (ManyStreamsServer server = ManyStreamsServer.start(events, 100)) {
            TrialData data = runAllOpenAtOnce(
                    server,
                    SseScenario.get("/held").withMetricPrefix("held"),
                    streams,
                    () -> Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName())));

            // OkHttp names a dispatcher thread after the call it runs: "OkHttp http://127.0.0.1:port/...".
            long readers = names.stream()
                    .filter(n -> n.startsWith("OkHttp " + server.baseUrl()))
                    .count();
            long engine =
                    names.stream().filter(n -> n.startsWith("speechload-t")).count();
            // One OkHttp reader per open stream; the engine's scheduler and sampler, not a thread per channel.
            assertThat(readers)
                    .as("OkHttp reader threads with %d streams open", streams)
                    .isEqualTo(streams);
            assertThat(engine)
                    .as("engine threads with %d streams open: %s", streams, names)
                    .isLessThan(20);
            assertThat(names.size() - threadsBefore)
                    .as("threads added while %d streams were open", streams)
                    .isLessThan(streams + 40);
            assertThat(data.errorsByCode()).isEmpty();
            assertThat(data.completedIterations()).isEqualTo(streams);
            assertThat(data.counters().get("held.events").total()).isEqualTo((long) streams * events);
            assertThat(data.counters().get("held.streams_ok").total()).isEqualTo(streams);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void countsEveryEventOfTwoThousandConcurrentStreams() throws Exception {
        int streams = 2_000;
        int events = 5;
        try (ManyStreamsServer server = ManyStreamsServer.start(events, 200)) {
            TrialData data = runAllOpenAtOnce(server, SseScenario.get("/ticks"), streams, () -> {});

            assertThat(data.errorsByCode()).isEmpty();
            assertThat(data.peakActiveChannels()).isEqualTo(streams);
            assertThat(data.completedIterations()).isEqualTo(streams);
            assertThat(data.counters().get("sse.streams_ok").total()).isEqualTo(streams);
            assertThat(data.counters().get("sse.events").total()).isEqualTo((long) streams * events);
            assertThat(data.latencies().get("sse.event_gap").getTotalCount()).isEqualTo((long) streams * (events - 1));
        }
    }
}
