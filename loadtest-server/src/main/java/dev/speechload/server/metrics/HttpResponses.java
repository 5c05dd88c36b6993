package dev.speechload.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers to answer a whole, non-streamed HTTP response. Stateless. */
public final class HttpResponses {

    private HttpResponses() {}

    /** Sends {@code body} as JSON with the given status and closes the exchange. */
    public static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    /** Sends {@code body} with the given status and content type and closes the exchange. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /**
     * Answers 404 unless the path is exactly {@code path}, and 405 unless the method is GET or
     * HEAD. The JDK server matches contexts by prefix, so {@code /health} would also catch
     * {@code /healthz} without this check.
     *
     * @return true when the request was answered here and the handler must stop
     */
    public static boolean rejectUnlessGet(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            sendJson(exchange, 404, "{\"error\":\"not found\"}");
            return true;
        }
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            sendJson(exchange, 405, "{\"error\":\"method not allowed\"}");
            return true;
        }
        return false;
    }
}
