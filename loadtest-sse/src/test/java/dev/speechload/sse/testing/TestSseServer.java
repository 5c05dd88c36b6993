package dev.speechload.sse.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SSE server for tests on 127.0.0.1 and a free port, built on the JDK's HttpServer:
 * each route is a lambda that writes exactly what the test wants (normal, slow and hostile
 * streams). Handlers run on daemon threads; {@link #close()} stops the server and interrupts them.
 */
public final class TestSseServer implements AutoCloseable {

    /** Writes one response. */
    @FunctionalInterface
    public interface Route {
        void handle(Exchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private TestSseServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A started server with no routes. */
    public static TestSseServer start() throws IOException {
        return start(0);
    }

    /** A started server on {@code port} (0: any free port). */
    public static TestSseServer start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-sse-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new TestSseServer(server, executor);
    }

    /** Serves {@code path} with {@code route}. */
    public TestSseServer route(String path, Route route) {
        hits.put(path, new AtomicInteger());
        server.createContext(path, http -> {
            hits.get(path).incrementAndGet();
            Exchange exchange = new Exchange(http);
            try {
                route.handle(exchange);
            } catch (IOException | InterruptedException e) {
                // The client went away or the server is closing: nothing more to write.
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                http.close();
            }
        });
        return this;
    }

    /** Requests {@code path} has received. */
    public int hits(String path) {
        AtomicInteger h = hits.get(path);
        return h == null ? 0 : h.get();
    }

    /** {@code http://127.0.0.1:port}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The absolute URL of {@code path}. */
    public String url(String path) {
        return baseUrl() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting connections at once (a crash, seen from clients); handlers keep running. */
    public void stopListening() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request and its response, with SSE helpers. Each write is flushed. */
    public static final class Exchange {
        private final HttpExchange http;
        private OutputStream out;

        Exchange(HttpExchange http) {
            this.http = http;
        }

        public String method() {
            return http.getRequestMethod();
        }

        public String header(String name) {
            return http.getRequestHeaders().getFirst(name);
        }

        public String query() {
            return http.getRequestURI().getRawQuery();
        }

        public String body() throws IOException {
            return new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        }

        /** Sends 200 with {@code text/event-stream} now (chunked). */
        public Exchange openStream() throws IOException {
            return open(200, "text/event-stream; charset=utf-8");
        }

        /** Sends headers now with a chunked body. */
        public Exchange open(int status, String contentType) throws IOException {
            if (contentType != null) {
                http.getResponseHeaders().set("Content-Type", contentType);
            }
            http.sendResponseHeaders(status, 0);
            out = http.getResponseBody();
            out.flush();
            return this;
        }

        /** A complete response with a body. */
        public void respond(int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", contentType);
            http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                http.getResponseBody().write(bytes);
            }
        }

        /** A redirect with no body. */
        public void redirect(int status, String location) throws IOException {
            http.getResponseHeaders().set("Location", location);
            http.sendResponseHeaders(status, -1);
        }

        /** Writes one event ({@code id} may be null) and flushes. */
        public Exchange event(String id, String type, String data) throws IOException {
            StringBuilder sb = new StringBuilder();
            if (id != null) {
                sb.append("id: ").append(id).append('\n');
            }
            if (type != null) {
                sb.append("event: ").append(type).append('\n');
            }
            sb.append("data: ").append(data).append("\n\n");
            return raw(sb.toString());
        }

        /** Writes raw text and flushes. */
        public Exchange raw(String text) throws IOException {
            return raw(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes raw bytes and flushes. */
        public Exchange raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** Sleeps (interrupted when the server closes). */
        public Exchange pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return this;
        }
    }

    /** The data of a reference-server-like audio event of {@code samples} samples at {@code rateHz}. */
    public static String audioData(int frame, int samples, int rateHz) {
        byte[] pcm = new byte[samples * 2];
        String b64 = java.util.Base64.getEncoder().encodeToString(pcm);
        return "{\"chunk\":0,\"frame\":" + frame + ",\"samples\":" + samples + ",\"sample_rate_hz\":" + rateHz
                + ",\"pcm16\":\"" + b64 + "\"}";
    }

    /** A {@code done} event's data. */
    public static String doneData(int frames) {
        return "{\"chunks\":1,\"frames\":" + frames + ",\"audio_ms\":" + frames * 100
                + ",\"chars\":5,\"elapsed_ms\":1}";
    }
}
