package dev.speechload.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * What holding many open SSE streams costs with each candidate transport (issue #15 item 4):
 * {@code --streams} streams opened against a running {@link SseTickServer}, each counted per event
 * as it arrives, then the live heap after full collections and the JVM's threads once every
 * stream has seen {@code --settle-events} events. Per stream = (heap with the streams open - heap
 * with the client made and nothing open) / streams. The candidates, each doing the least an SSE
 * driver must (read each event as it comes):
 * <ul>
 *   <li>{@code okhttp}: OkHttp 5 as the driver used it until now, a dispatcher thread per call
 *       blocked reading the body through okio;</li>
 *   <li>{@code jdk}: the JDK's {@code java.net.http.HttpClient}, HTTP/1.1, asynchronous: a
 *       {@link Flow.Subscriber} of {@code ByteBuffer}s per stream, two executor threads and the
 *       client's selector thread for all streams;</li>
 *   <li>{@code jetty}: Jetty 12's asynchronous {@code HttpClient}, a content listener per stream,
 *       a thread pool of 8.</li>
 * </ul>
 *
 * <p>How to run (server in its own JVM: one process may hold 20,000 files here):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseTickServer --events 600 &amp;
 * java -Xmx2g -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseTransportBench --port PORT --transport jdk --streams 10000
 * </pre>
 */
public final class SseTransportBench {

    private SseTransportBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("SseTransportBench", argv, Map.of("port", "0", "transport", "jdk", "streams", "2000",
                "settle-events", "3"));
        int port = args.intValue("port", 1, 65_535);
        int streams = args.intValue("streams", 1, 100_000);
        int settle = args.intValue("settle-events", 1, 1_000);
        String transport = args.text("transport");
        if (!List.of("okhttp", "jdk", "jetty").contains(transport)) {
            throw new IllegalArgumentException("SseTransportBench: --transport must be okhttp, jdk or jetty, was "
                    + transport);
        }
        System.out.println(Conditions.machine());
        System.out.println("load average before: " + Conditions.loadAverage());
        URI uri = URI.create("http://127.0.0.1:" + port + "/events");
        AtomicLongArray seen = new AtomicLongArray(streams);
        Opener opener = transport.equals("okhttp") ? new OkHttpOpener(streams)
                : transport.equals("jetty") ? new JettyOpener(streams) : new JdkOpener();
        int threadsBefore = Heap.threadCount();
        long before = Heap.liveAfterFullGcBytes();
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            opener.open(uri, seen, i);
        }
        awaitAll(seen, settle, start);
        long opened = System.nanoTime() - start;
        long heap = Heap.liveAfterFullGcBytes();
        int threads = Heap.threadCount();
        long events = 0;
        for (int i = 0; i < streams; i++) {
            events += seen.get(i);
        }
        System.out.printf(Locale.ROOT, "%s: %d streams open, each with >= %d events (%,d in all) after %.1f s;"
                        + " heap per open stream %.1f KB (live %.1f MiB, %.1f MiB before); threads %d (%d before);"
                        + " resident set %.0f MiB%n", transport, streams, settle, events, opened / 1e9,
                (heap - before) / 1024.0 / streams, heap / 1048576.0, before / 1048576.0, threads, threadsBefore,
                Heap.residentBytes() / 1048576.0);
        System.out.println("load average after: " + Conditions.loadAverage());
        System.exit(0);
    }

    private static void awaitAll(AtomicLongArray seen, int settle, long start) throws InterruptedException {
        for (int i = 0; i < seen.length(); i++) {
            while (seen.get(i) < settle) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("stream " + i + " saw " + seen.get(i) + " events after 5 minutes");
                }
                Thread.sleep(10);
            }
        }
    }

    /** Opens one stream that counts its events into {@code seen[index]}. */
    private interface Opener {
        void open(URI uri, AtomicLongArray seen, int index) throws Exception;
    }

    /** OkHttp: one dispatcher thread per call, blocked in okio reads. */
    private static final class OkHttpOpener implements Opener {
        private final OkHttpClient client;

        OkHttpOpener(int streams) {
            ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "okhttp-stream");
                        t.setDaemon(true);
                        return t;
                    });
            Dispatcher dispatcher = new Dispatcher(executor);
            dispatcher.setMaxRequests(streams);
            dispatcher.setMaxRequestsPerHost(streams);
            client = new OkHttpClient.Builder().dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(streams, 1, TimeUnit.MINUTES))
                    .readTimeout(Duration.ofSeconds(30)).build();
        }

        @Override
        public void open(URI uri, AtomicLongArray seen, int index) {
            Request request = new Request.Builder().url(uri.toString()).header("Accept", "text/event-stream").build();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    System.err.println("stream " + index + " failed: " + e);
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        BufferedSource source = response.body().source();
                        String line;
                        while ((line = source.readUtf8Line()) != null) {
                            if (line.isEmpty()) {
                                seen.incrementAndGet(index);
                            }
                        }
                    } catch (IOException e) {
                        System.err.println("stream " + index + " failed: " + e);
                    }
                }
            });
        }
    }

    /** The JDK client: a subscriber per stream, a shared selector thread and two executor threads. */
    private static final class JdkOpener implements Opener {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "jdk-http");
                    t.setDaemon(true);
                    return t;
                }))
                .connectTimeout(Duration.ofSeconds(30)).build();

        @Override
        public void open(URI uri, AtomicLongArray seen, int index) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
            client.sendAsync(request, info -> HttpResponse.BodySubscribers.fromSubscriber(new Counting(seen, index)))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            System.err.println("stream " + index + " failed: " + e);
                        }
                    });
        }
    }

    /** Jetty 12: a content listener per stream on a small pool. */
    private static final class JettyOpener implements Opener {
        private final org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();

        JettyOpener(int streams) throws Exception {
            org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(8, 2);
            pool.setDaemon(true);
            client.setExecutor(pool);
            client.setMaxConnectionsPerDestination(streams);
            client.setMaxRequestsQueuedPerDestination(streams);
            client.setIdleTimeout(30_000);
            client.start();
        }

        @Override
        public void open(URI uri, AtomicLongArray seen, int index) {
            Counting counting = new Counting(seen, index);
            client.newRequest(uri).headers(h -> h.put("Accept", "text/event-stream"))
                    .idleTimeout(30, TimeUnit.SECONDS)
                    .onResponseContent((response, content) -> counting.onNext(List.of(content)))
                    .send(result -> {
                        if (result.isFailed()) {
                            System.err.println("stream " + index + " failed: " + result.getFailure());
                        }
                    });
        }
    }

    /** Counts blank lines ("\n\n": our server's event ends) as they arrive. */
    private static final class Counting implements Flow.Subscriber<List<ByteBuffer>> {
        private final AtomicLongArray seen;
        private final int index;
        private byte last;

        Counting(AtomicLongArray seen, int index) {
            this.seen = seen;
            this.index = index;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                while (b.hasRemaining()) {
                    byte c = b.get();
                    if (c == '\n' && last == '\n') {
                        seen.incrementAndGet(index);
                    }
                    last = c;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            System.err.println("stream " + index + " failed: " + throwable);
        }

        @Override
        public void onComplete() {
        }
    }
}
