package dev.speechload.sse.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP client of a scenario run and the few threads every stream of it shares: the JDK
 * {@link HttpClient} (HTTP/1.1, asynchronous: its selector thread reads every connection),
 * {@value #WORKERS} worker threads on which response bodies are parsed and the listener is
 * called, and one timer thread for read timeouts and stream bounds. No thread is held per
 * stream, so ten thousand open streams cost memory (about 25 KB each, most of it the client's
 * 16 KB read buffer per connection; see {@code docs/performance.md}), not ten thousand threads.
 *
 * <p>Why the JDK client: measured against OkHttp (a thread per streaming call: 10,023 threads
 * and 1 GB resident for 10,000 streams) and Jetty 12 (less heap per stream, but a dependency
 * and not seen through 10,000 streams here), it held 10,000 streams on 9 threads with no
 * dependency at all ({@code SseTransportBench}).
 *
 * <p>Settings: HTTP/1.1 only (no {@code Upgrade: h2c}); redirects never followed by the client
 * (the stream decides, keeping the method and the origin); the connect timeout bounds
 * connecting; the read timeout is ours ({@link SseStream} checks it on the timer), since the
 * JDK client has none for bodies; no retry of a failed request.
 *
 * <p>Thread-safe. The creator owns it and must {@link #close()} it. Not API.
 */
public final class SseTransport implements AutoCloseable {

    /** Threads that parse bodies and call listeners, for all streams of a run. */
    public static final int WORKERS = 2;

    private final HttpClient client;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private final long readTimeoutNanos;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();

    private SseTransport(HttpClient client, ThreadPoolExecutor workers, ScheduledThreadPoolExecutor timer,
            long readTimeoutNanos) {
        this.client = client;
        this.workers = workers;
        this.timer = timer;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    /** A transport whose threads are named after {@code name} (the metric prefix). */
    public static SseTransport create(String name, Duration connectTimeout, Duration readTimeout) {
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "sse-" + name + "-" + threads.incrementAndGet()));
        // Idle workers end, so a client nobody closed leaves no thread behind for long.
        workers.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "sse-" + name + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(workers)
                .build();
        return new SseTransport(client, workers, timer, readTimeout.toNanos());
    }

    HttpClient client() {
        return client;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    /** Runs {@code task} soon on the timer thread (off the caller's locks), or here once closed. */
    void soon(Runnable task) {
        try {
            timer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            task.run();
        }
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    void opened(SseStream stream) {
        open.add(stream);
    }

    void closed(SseStream stream) {
        open.remove(stream);
    }

    /** Streams started and not yet ended. */
    public int openStreams() {
        return open.size();
    }

    /**
     * Ends every open stream (as {@code RUN_ENDED}: stopped by us, not by the server), releases
     * their connections and stops the timer. The workers end by themselves once idle.
     */
    @Override
    public void close() {
        for (SseStream s : open.toArray(new SseStream[0])) {
            s.cut();
        }
        timer.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
