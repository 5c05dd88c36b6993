package dev.speechload.sse.internal;

import dev.speechload.core.engine.ChannelThreads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds and closes the OkHttpClient whose dispatcher a scenario run's clients share (see
 * {@link SseClientShards}), and the run's stream timer.
 * Stateless. Not API.
 */
public final class SseClients {

    private SseClients() {}

    /**
     * A client for {@code concurrentStreams} streams at once: dispatcher limits (total and per
     * host) and idle pool sized to it, so no stream waits in OkHttp's queue (which would add
     * client-side delay to every measured time); daemon threads named after the scenario; the
     * read timeout detects stalls; no call timeout (each stream gets its own, bounded by its
     * deadline); no silent retry on connection failure (a load test must see those); no redirect
     * followed by OkHttp (it turns a POST into a GET and may leave the target: the stream decides).
     *
     * <p>OkHttp reads each open stream's body on a dispatcher thread of its own (it has no
     * non-blocking body reading), so {@code threads} decides what an open stream costs: a platform
     * thread (its stack, a kernel thread; about 1,000s per generator) or a virtual thread (a few KB
     * of heap while it waits on its socket; OkHttp's {@code synchronized} blocks do not pin a carrier
     * from Java 24 on). Both kinds run the same code, so the stream's timings are read the same way.
     *
     * @param concurrentStreams &gt;= 1
     * @param threads           what the dispatcher's threads are: the run's channel threads
     *                          ({@link ChannelThreads#VIRTUAL} needs Java 21+: the run checked it)
     */
    public static OkHttpClient create(
            String name, int concurrentStreams, Duration connectTimeout, Duration readTimeout, ChannelThreads threads) {
        int n = Math.max(1, concurrentStreams);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                r -> threads.newThread(r, "sse-" + name + "-" + count.incrementAndGet(), 0));
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequests(n);
        dispatcher.setMaxRequestsPerHost(n);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(n, 1, TimeUnit.MINUTES))
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /**
     * The one timer of a scenario run: ends streams at their bounds (stream timeout, maximum
     * duration) and releases calls after their end, for every stream of the run, so no stream
     * needs a thread of its own to wait. One daemon thread; a cancelled task leaves its queue at
     * once (a stream that ends early does not keep its bound's task until the bound). The caller
     * shuts it down at tear-down.
     */
    public static ScheduledThreadPoolExecutor timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sse-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Cancels every call, stops the dispatcher's threads (waiting up to 5 s) and closes idle connections. */
    public static void close(OkHttpClient client) {
        client.dispatcher().cancelAll();
        ExecutorService executor = client.dispatcher().executorService();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.connectionPool().evictAll();
    }
}
