package dev.speechload.core.live.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view's HTTP server on 127.0.0.1: the page ({@code /}), its event stream
 * ({@code /events}), the state as JSON ({@code /state}) and the report files of the results
 * directory ({@code /results/<file>}). Built on the JDK's {@code com.sun.net.httpserver}: a
 * maintained part of every JDK since 6 (module {@code jdk.httpserver}), which adds no dependency
 * to the users' test class path. Thread-safe; the creator closes it.
 *
 * <p>Each browser's stream runs on a thread of the server's own pool; at most
 * {@value #MAX_STREAMS} at once (more get 503). A watchdog drops a stream whose write has been
 * stuck longer than the stall limit (a browser that stopped reading), so no thread is held forever.
 * Requests whose {@code Host} is not this loopback address are refused (403): a web page elsewhere
 * cannot read the view through a DNS name rebound to 127.0.0.1.
 */
public final class LiveServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);
    static final int MAX_STREAMS = 16;
    /** Report files the view serves: one name, no path, of the kinds the reporters write. */
    private static final Pattern RESULT_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,250}\\.(html|json|md)");

    private final LiveState state;
    private final Path resultsDir;
    private final long stallNanos;
    private final HttpServer server;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger dropped = new AtomicInteger();

    /**
     * Starts serving {@code state}.
     *
     * @param port       0 = any free port
     * @param stallLimit how long a write to one browser may block before that browser is dropped
     * @throws IOException when the port cannot be bound (in use, or not allowed)
     */
    public LiveServer(LiveState state, Path resultsDir, int port, java.time.Duration stallLimit) throws IOException {
        this.state = state;
        this.resultsDir = resultsDir;
        this.stallNanos = stallLimit.toNanos();
        // 127.0.0.1 itself, not getLoopbackAddress(): that is ::1 when a JVM prefers IPv6, and the
        // docs, the logged address and the Host check all name 127.0.0.1.
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
        this.pool = Executors.newCachedThreadPool(daemon("speechload-live-"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("speechload-live-watchdog-"));
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        long every = Math.max(10, stallLimit.toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::dropStalled, every, every, TimeUnit.MILLISECONDS);
    }

    /** Where the page is: {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
    }

    /** Browsers streaming now. */
    public int streams() {
        return streams.size();
    }

    /** Streams dropped so far because their browser stopped reading. */
    public int droppedStreams() {
        return dropped.get();
    }

    /** Closes the state (streams say "end" and return), then the server and its threads. */
    @Override
    public void close() {
        state.close();
        watchdog.shutdownNow();
        // One second for the streams to send their "end" event; then every connection is closed.
        server.stop(1);
        pool.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "the live view is read-only: GET or HEAD\n");
                return;
            }
            if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain", "the live view answers only requests to " + uri() + "\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                exchange.getResponseHeaders().set("Content-Security-Policy", LivePage.CONTENT_SECURITY_POLICY);
                send(exchange, 200, "text/html; charset=utf-8", LivePage.html(state.view()));
            } else if (path.equals("/state")) {
                send(exchange, 200, "application/json", EventStream.json(state.view()) + "\n");
            } else if (path.equals("/events")) {
                stream(exchange);
            } else if (path.startsWith("/results/")) {
                result(exchange, path.substring("/results/".length()));
            } else {
                send(exchange, 404, "text/plain", "no such page in the live view: " + path + "\n");
            }
        } finally {
            exchange.close();
        }
    }

    private boolean hostAllowed(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without a Host: not a browser following a rebound name
        }
        int port = server.getAddress().getPort();
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port);
    }

    private void stream(HttpExchange exchange) throws IOException {
        if (streams.size() >= MAX_STREAMS) {
            send(exchange, 503, "text/plain", "the live view serves at most " + MAX_STREAMS + " browsers at once\n");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        EventStream stream = new EventStream(state, exchange.getResponseBody());
        streams.add(stream);
        try {
            stream.run();
        } catch (IOException e) {
            // The browser went away (closed, reloaded) or was dropped: nothing to tell anyone.
            LOG.debug("Live view stream ended: {}", e.toString());
        } finally {
            streams.remove(stream);
            Thread.interrupted(); // a drop's interrupt must not outlive the stream on this pooled thread
        }
    }

    private void result(HttpExchange exchange, String name) throws IOException {
        Path file = resultsDir.resolve(name).normalize();
        if (!RESULT_FILE.matcher(name).matches()
                || !file.getParent().equals(resultsDir.normalize())
                || !Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain", "no report " + name + " in " + resultsDir + "\n");
            return;
        }
        String type = name.endsWith(".html")
                ? "text/html; charset=utf-8"
                : name.endsWith(".json") ? "application/json" : "text/markdown; charset=utf-8";
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] body = Files.readAllBytes(file);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set(
                        "Content-Type",
                        type.contains("charset") || !type.startsWith("text") ? type : type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void dropStalled() {
        long now = System.nanoTime();
        for (EventStream s : streams) {
            if (!s.dropped() && s.stalledFor(now) > stallNanos) {
                s.drop();
                dropped.incrementAndGet();
                LOG.warn(
                        "Live view: dropped a browser that read nothing for {} ms (a stuck or paused tab); the run"
                                + " goes on, and a reload of the page reconnects",
                        TimeUnit.NANOSECONDS.toMillis(stallNanos));
            }
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
