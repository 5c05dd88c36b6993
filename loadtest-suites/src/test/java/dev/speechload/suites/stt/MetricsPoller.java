package dev.speechload.suites.stt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the reference server's {@code /metrics} JSON: once ({@link #read(URI)}) or every interval
 * on a daemon thread while a load runs ({@link #start(URI, Duration)}), so a suite can see gauges
 * (buffer bytes, pending decodes) that the engine's resource samples do not carry.
 *
 * <p>Thread-safe: the poller thread appends, test threads read copies. The caller closes it; a
 * failed read (the server is draining or gone) is skipped and counted, never thrown.
 */
public final class MetricsPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI metrics;
    private final long intervalNanos;
    private final List<JsonNode> snapshots = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private int failures;

    private MetricsPoller(URI metrics, Duration interval) {
        this.metrics = metrics;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::loop, "metrics-poller");
        thread.setDaemon(true);
    }

    /**
     * Starts polling {@code http + "/metrics"} every {@code interval} (at least 10 ms).
     *
     * @param http the server's HTTP endpoint, e.g. {@code http://127.0.0.1:8000}
     */
    public static MetricsPoller start(URI http, Duration interval) {
        Objects.requireNonNull(http, "http");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("interval must be at least 10 ms, was " + interval.toMillis() + " ms");
        }
        MetricsPoller poller = new MetricsPoller(http.resolve("/metrics"), interval);
        poller.thread.start();
        return poller;
    }

    /**
     * One read of {@code http + "/metrics"}.
     *
     * @throws IOException naming the URL when the server does not answer 200 with JSON
     */
    public static JsonNode read(URI http) throws IOException {
        return fetch(http.resolve("/metrics"));
    }

    private static JsonNode fetch(URI url) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode() + ", expected 200");
        }
        return MAPPER.readTree(response.body());
    }

    private void loop() {
        long next = System.nanoTime();
        while (!stopped) {
            try {
                JsonNode snapshot = fetch(metrics);
                synchronized (snapshots) {
                    snapshots.add(snapshot);
                }
            } catch (IOException e) {
                synchronized (snapshots) {
                    failures++;
                }
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Every snapshot read so far, in time order. */
    public List<JsonNode> snapshots() {
        synchronized (snapshots) {
            return List.copyOf(snapshots);
        }
    }

    /** A top-level numeric field of every snapshot, in time order (-1 where missing). */
    public List<Long> series(String field) {
        return snapshots().stream().map(s -> s.path(field).asLong(-1)).toList();
    }

    /** The largest value of a top-level numeric field seen so far; -1 when never seen. */
    public long max(String field) {
        return series(field).stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Reads that failed (server draining or gone). */
    public int failures() {
        synchronized (snapshots) {
            return failures;
        }
    }

    /** Stops polling and waits (up to 3 s) for the poller thread to end. */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the /metrics poller of {} did not stop within 3 s", metrics);
        }
    }
}
