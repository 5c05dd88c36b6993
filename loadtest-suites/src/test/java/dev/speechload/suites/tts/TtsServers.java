package dev.speechload.suites.tts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Targets;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.SseSession;
import dev.speechload.sse.TextSource;
import dev.speechload.sse.TtsScenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the TTS suites share: the reference server as a local process, the texts they speak, and
 * a reader of the server's own {@code /metrics} (for figures the engine's probe does not give,
 * such as open SSE streams). Stateless; thread-safe.
 */
final class TtsServers {

    /**
     * The server JVM: a fixed, pre-touched heap, so RSS grows only when something outside the
     * heap grows (a leak, threads, buffers), not while the heap is sized up; glibc limited to two
     * malloc arenas so new threads do not each open one.
     */
    static final String JVM_OPTIONS = "-Xms128m -Xmx128m -XX:+AlwaysPreTouch -XX:+UseSerialGC";

    /** Deterministic texts of one to three sentences, 2 to 6 s of audio each. */
    static final List<String> TEXTS = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Load tests measure what users would notice: how long they wait and whether it works.",
            "Streaming speech servers answer in pieces. The first piece should come quickly,"
                    + " and the rest should follow without gaps.",
            "A regression is a change that makes things worse. A baseline tells us what normal looks like.");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TtsServers() {}

    /** The reference server with {@code flags}, as a local process with {@link #JVM_OPTIONS}. */
    static ProcessTarget referenceServer(String... flags) {
        return Targets.referenceServer(flags)
                .withEnv("JAVA_TOOL_OPTIONS", JVM_OPTIONS)
                .withEnv("MALLOC_ARENA_MAX", "2");
    }

    /** The TTS scenario over {@link #TEXTS}: every stream must end with {@code done}. */
    static TtsScenario scenario() {
        return TtsScenario.create(TextSource.cycling(TEXTS))
                .withOptions(SseOptions.defaults().withReadTimeout(Duration.ofSeconds(10)));
    }

    /**
     * Streams TTS from two threads for {@code duration}, before a test's measured run: a fresh
     * JVM spends its first seconds compiling, its latency falling and its RSS climbing by several
     * MB/s meanwhile, and that belongs to no measured run. Failed streams are ignored here: the
     * measured run judges them.
     */
    static void warmUp(Endpoints endpoints, Duration duration) throws Exception {
        warmUp(endpoints, scenario(), 2, duration);
    }

    /**
     * Runs {@code scenario} on {@code clients} threads for {@code duration}, outside any measured
     * run: the server's threads, buffers and malloc arenas grow to what this load needs before
     * the first reading. Failed streams are ignored here: the measured run judges them.
     */
    static void warmUp(Endpoints endpoints, TtsScenario scenario, int clients, Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        try (SseSession session = scenario.open(endpoints.http(), clients)) {
            Thread[] threads = new Thread[clients];
            for (int c = 0; c < threads.length; c++) {
                int channel = c;
                threads[c] = new Thread(
                        () -> {
                            for (long i = 0;
                                    System.nanoTime() < deadline
                                            && !Thread.currentThread().isInterrupted();
                                    i++) {
                                try {
                                    session.stream(channel, i);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "tts-warm-up-" + c);
                threads[c].start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /**
     * The server's {@code /metrics} JSON.
     *
     * @throws IOException naming the URL when it does not answer 200
     */
    static JsonNode metrics(Endpoints endpoints) throws IOException, InterruptedException {
        URI uri = endpoints.http().resolve("/metrics");
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return Json.mapper().readTree(response.body());
    }

    /**
     * Polls {@code GET /health} every 50 ms until it answers {@code status} or {@code timeout}
     * passes; returns the last status seen (-1 when the server did not answer at all).
     */
    static int awaitHealthStatus(Endpoints endpoints, Duration timeout, int status) throws InterruptedException {
        URI uri = endpoints.http().resolve("/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        do {
            try {
                last = HTTP.send(
                                HttpRequest.newBuilder(uri)
                                        .timeout(Duration.ofSeconds(1))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                last = -1;
            }
            if (last == status) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }

    /**
     * Polls {@code /metrics} every 100 ms until {@code condition} holds or {@code timeout} passes;
     * returns the last reading either way, so the caller asserts on it and the failure shows it.
     */
    static JsonNode awaitMetrics(Endpoints endpoints, Duration timeout, Predicate<JsonNode> condition)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = metrics(endpoints);
        while (!condition.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = metrics(endpoints);
        }
        return last;
    }
}
