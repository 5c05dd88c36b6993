package dev.speechload.sse.internal;

import dev.speechload.core.engine.ChannelThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients of one scenario run: one dispatcher (its threads and limits, as
 * {@link SseClients#create} builds them) shared by a few clients that each hold their own
 * connection pool, each channel always using the same one. Thread-safe; the caller closes it.
 *
 * <p>Why not one pool: OkHttp looks for a reusable connection by walking every connection in
 * the pool, under each connection's lock, two or three times per new call (before connecting and
 * after). An SSE stream holds its connection while it runs, so with N open streams each start
 * walks N busy connections: quadratic in the streams, about 70 % of the generator's CPU while
 * 10,000 streams ramp up (JFR, issue 15), and that CPU is taken from the threads that start the
 * next streams on time. With at most {@value #CHANNELS_PER_SHARD} channels per pool a walk stays
 * short. A channel's next stream still finds the connection its last one returned, so keep-alive
 * reuse is as before.
 */
public final class SseClientShards {

    /** Channels that share one connection pool. */
    static final int CHANNELS_PER_SHARD = 64;

    private final OkHttpClient dispatching;
    private final List<OkHttpClient> clients;

    private SseClientShards(OkHttpClient dispatching, List<OkHttpClient> clients) {
        this.dispatching = dispatching;
        this.clients = clients;
    }

    /**
     * Clients for {@code channels} channels, each with room for two calls at once (a reconnection
     * briefly overlaps its broken call), on {@code threads}; see {@link SseClients#create} for the rest.
     *
     * @param channels &gt;= 1
     */
    public static SseClientShards create(
            String name, int channels, Duration connectTimeout, Duration readTimeout, ChannelThreads threads) {
        int n = Math.max(1, channels);
        OkHttpClient dispatching = SseClients.create(name, n * 2, connectTimeout, readTimeout, threads);
        int shards = (n + CHANNELS_PER_SHARD - 1) / CHANNELS_PER_SHARD;
        int callsPerShard = 2 * ((n + shards - 1) / shards);
        OkHttpClient[] clients = new OkHttpClient[shards];
        for (int i = 0; i < shards; i++) {
            clients[i] = dispatching
                    .newBuilder()
                    .connectionPool(new ConnectionPool(callsPerShard, 1, TimeUnit.MINUTES))
                    .build();
        }
        return new SseClientShards(dispatching, List.of(clients));
    }

    /** The client of {@code channel} (any int; the same client every time for the same channel). */
    public OkHttpClient forChannel(int channel) {
        return clients.get(Math.floorMod(channel, clients.size()));
    }

    /** How many connection pools the channels are dealt to. */
    int count() {
        return clients.size();
    }

    /** Cancels every call, stops the dispatcher's threads (waiting up to 5 s) and closes idle connections. */
    public void close() {
        SseClients.close(dispatching);
        for (OkHttpClient c : clients) {
            c.connectionPool().evictAll();
        }
    }
}
