package dev.speechload.server.lifecycle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.speechload.server.metrics.HttpResponses;
import java.io.IOException;

/**
 * {@code GET /health}: 200 {@code {"status":"ok"}} while serving, 503
 * {@code {"status":"shutting_down"}} while draining, so a load balancer stops sending traffic
 * before the streams are closed. Never behind the metrics token.
 */
public final class HealthHandler implements HttpHandler {

    private final DrainState drain;

    public HealthHandler(DrainState drain) {
        this.drain = drain;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (HttpResponses.rejectUnlessGet(exchange, "/health")) {
            return;
        }
        if (drain.isDraining()) {
            HttpResponses.sendJson(exchange, 503, "{\"status\":\"shutting_down\"}");
        } else {
            HttpResponses.sendJson(exchange, 200, "{\"status\":\"ok\"}");
        }
    }
}
