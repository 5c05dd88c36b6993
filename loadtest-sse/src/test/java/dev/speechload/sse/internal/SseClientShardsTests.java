package dev.speechload.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.sse.SseListener;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.testing.TestSseServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** A run's channels dealt to a few connection pools behind one dispatcher. */
class SseClientShardsTests {

    private static SseClientShards shards(int channels) {
        return SseClientShards.create(
                "shards-test", channels, Duration.ofSeconds(5), Duration.ofSeconds(5), ChannelThreads.PLATFORM);
    }

    @Test
    void givesEach64ChannelsAConnectionPoolOfTheirOwnBehindOneDispatcher() {
        SseClientShards shards = shards(130);
        try {
            Set<OkHttpClient> clients =
                    IntStream.range(0, 130).mapToObj(shards::forChannel).collect(Collectors.toSet());
            Set<ConnectionPool> pools =
                    clients.stream().map(OkHttpClient::connectionPool).collect(Collectors.toSet());

            assertThat(shards.count()).isEqualTo(3);
            assertThat(clients).hasSize(3);
            assertThat(pools).hasSize(3);
            assertThat(clients.stream().map(OkHttpClient::dispatcher).distinct())
                    .hasSize(1);
            assertThat(shards.forChannel(7)).isSameAs(shards.forChannel(7));
            assertThat(shards.forChannel(-1)).isIn(clients);
        } finally {
            shards.close();
        }
    }

    @Test
    void aFewChannelsShareOnePool() {
        SseClientShards shards = shards(1);
        try {
            assertThat(shards.count()).isEqualTo(1);
            assertThat(shards.forChannel(0)).isSameAs(shards.forChannel(5));
        } finally {
            shards.close();
        }
    }

    @Test
    void aChannelsNextStreamReusesTheConnectionItsLastOneReturned() throws Exception {
        try (TestSseServer server = TestSseServer.start()
                .route("/done", x -> x.openStream().event("1", "tick", "{}").event("2", "done", "{}"))) {
            SseClientShards shards = shards(200);
            try {
                OkHttpClient client = shards.forChannel(9);
                for (int i = 0; i < 5; i++) {
                    StreamOutcome outcome = stream(client, server.url("/done"));
                    assertThat(outcome.ok()).as(outcome.toString()).isTrue();
                    awaitIdle(client.connectionPool());
                }

                assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
                assertThat(shards.forChannel(10).connectionPool().connectionCount())
                        .isZero();
            } finally {
                shards.close();
            }
        }
    }

    private static StreamOutcome stream(OkHttpClient client, String url) throws InterruptedException {
        StreamSpec spec = new StreamSpec(
                "GET " + url,
                e -> e.is("tick"),
                e -> e.is("done"),
                null,
                null,
                null,
                null,
                null,
                16_000,
                false,
                64 * 1024,
                0,
                SseListener.none(),
                0);
        SseStream stream =
                new SseStream(client, spec, new Request.Builder().url(url).build(), gap -> {});
        long now = System.nanoTime();
        SseStream.Bound bound = new SseStream.Bound(now + TimeUnit.SECONDS.toNanos(10), "10 s", false);
        stream.start(now, bound.nanos());
        return stream.await(bound);
    }

    /** Waits (up to 5 s) until the reader has handed its connection back. */
    private static void awaitIdle(ConnectionPool pool) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.idleConnectionCount() == 0 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
    }
}
