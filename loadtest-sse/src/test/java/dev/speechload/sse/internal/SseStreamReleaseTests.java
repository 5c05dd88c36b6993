package dev.speechload.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseListener;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.testing.TestSseServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who releases a stream's call once it has settled: a normal end leaves the connection to the
 * pool untouched, any other end abandons it. A cancel from another thread after a normal end once
 * closed pooled sockets under the next stream (a RESET with 0 events, seen beside a CPU hog).
 */
class SseStreamReleaseTests {

    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final CountDownLatch clientLeftFailingStream = new CountDownLatch(1);
    private final CountDownLatch clientLeftEndedStream = new CountDownLatch(1);
    private TestSseServer server;
    private ScheduledThreadPoolExecutor timer;
    private OkHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestSseServer.start()
                .route("/done", x -> {
                    x.body();
                    x.openStream().event("1", "audio", "{}").event("2", "done", "{}");
                })
                .route("/done-then-more", x -> {
                    x.body();
                    x.openStream().event("1", "audio", "{}").event("2", "done", "{}");
                    try {
                        for (int i = 0; i < 200; i++) {
                            x.pause(20).raw(": more after the end\n\n");
                        }
                    } catch (IOException gone) {
                        clientLeftEndedStream.countDown();
                    }
                })
                .route("/fail", x -> {
                    x.body();
                    x.openStream().event("1", "error", "{\"code\":\"E1\",\"message\":\"no\"}");
                    try {
                        for (int i = 0; i < 200; i++) {
                            x.pause(50).raw(": still here\n\n");
                        }
                    } catch (IOException gone) {
                        clientLeftFailingStream.countDown();
                    }
                });
        timer = SseClients.timer("release-test");
        client = SseClients.create(
                        "release-test", 4, Duration.ofSeconds(5), Duration.ofSeconds(5), ChannelThreads.PLATFORM)
                .newBuilder()
                .eventListener(new EventListener() {
                    @Override
                    public void canceled(Call call) {
                        cancelled.add(Thread.currentThread().getName());
                    }

                    @Override
                    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                        connectionsOpened.incrementAndGet();
                    }
                })
                .build();
    }

    @AfterEach
    void stop() {
        SseClients.close(client);
        timer.shutdownNow();
        server.close();
    }

    @Test
    void streamsEndingOnTheirEndEventAreNeverCancelledAndShareOneConnection() throws Exception {
        for (int i = 0; i < 20; i++) {
            StreamOutcome outcome = run("/done");
            assertThat(outcome.ok()).as(outcome.toString()).isTrue();
            assertThat(outcome.events()).isEqualTo(1);
            awaitIdleConnection();
        }
        timer.submit(() -> {}).get(5, TimeUnit.SECONDS); // anything queued on the timer has run
        assertThat(cancelled).isEmpty();
        assertThat(connectionsOpened).hasValue(1);
    }

    @Test
    void aBodyThatGoesOnAfterTheEndEventIsAbandonedByItsReader() throws Exception {
        StreamOutcome outcome = run("/done-then-more");

        assertThat(outcome.ok()).as(outcome.toString()).isTrue();
        assertThat(clientLeftEndedStream.await(5, TimeUnit.SECONDS))
                .as("the server saw the client leave (its stream would run 4 s)")
                .isTrue();
        assertThat(cancelled).hasSize(1).allSatisfy(thread -> assertThat(thread).doesNotStartWith("sse-timer"));
        assertThat(client.connectionPool().idleConnectionCount()).isZero();
    }

    @Test
    void aStreamFailingOnAnErrorEventIsAbandonedAtOnceAndItsConnectionNotReused() throws Exception {
        StreamOutcome outcome = run("/fail");

        assertThat(outcome.kind()).isEqualTo(SseErrorKind.SERVER_ERROR);
        assertThat(clientLeftFailingStream.await(5, TimeUnit.SECONDS))
                .as("the server saw the client leave (its stream would run 10 s)")
                .isTrue();
        assertThat(cancelled).hasSize(1).allSatisfy(thread -> assertThat(thread).doesNotStartWith("sse-timer"));
        assertThat(client.connectionPool().idleConnectionCount()).isZero();
    }

    private StreamOutcome run(String path) throws Exception {
        StreamSpec spec = new StreamSpec(
                "POST " + path,
                e -> e.is("audio"),
                e -> e.is("done"),
                e -> e.is("error"),
                e -> JsonEvents.field(e.data(), "code"),
                e -> JsonEvents.field(e.data(), "message"),
                null,
                null,
                16_000,
                true,
                64 * 1024,
                0,
                SseListener.none(),
                0);
        Request request = new Request.Builder()
                .url(server.url(path))
                .post(okhttp3.RequestBody.create(new byte[] {'{', '}'}, okhttp3.MediaType.get("application/json")))
                .build();
        SseStream stream = new SseStream(client, spec, request, gap -> {});
        CompletableFuture<StreamOutcome> settled = new CompletableFuture<>();
        long now = System.nanoTime();
        stream.start(
                now, new SseStream.Bound(now + TimeUnit.SECONDS.toNanos(10), "10 s", false), timer, settled::complete);
        return settled.get(10, TimeUnit.SECONDS);
    }

    /** Waits (up to 5 s) until the reader has handed the connection back, so the next stream can reuse it. */
    private void awaitIdleConnection() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.connectionPool().idleConnectionCount() == 0 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
    }
}
