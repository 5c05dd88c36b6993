package dev.speechload.server.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;

/**
 * Registers {@code GET /metrics} (JSON) and {@code GET /metrics/prometheus} (text) on an HTTP
 * server, both behind the bearer token when one is set. Each request reads {@code /proc} afresh.
 */
public final class MetricsHandlers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsHandlers() {}

    /**
     * Adds both endpoints.
     *
     * @param server the server to extend, not yet started or running
     * @param metrics the counters to serve
     * @param reader the process reader
     * @param token the bearer token, or null for open endpoints
     */
    public static void register(HttpServer server, ServerMetrics metrics, ProcessStatsReader reader, String token) {
        HttpContext json = server.createContext("/metrics", exchange -> {
            if (HttpResponses.rejectUnlessGet(exchange, "/metrics")) {
                return;
            }
            HttpResponses.sendJson(exchange, 200, toJson(metrics.snapshot(reader.read())));
        });
        HttpContext prometheus = server.createContext("/metrics/prometheus", exchange -> {
            if (HttpResponses.rejectUnlessGet(exchange, "/metrics/prometheus")) {
                return;
            }
            HttpResponses.send(
                    exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(metrics.snapshot(reader.read())));
        });
        if (token != null) {
            json.getFilters().add(new BearerTokenFilter(token));
            prometheus.getFilters().add(new BearerTokenFilter(token));
        }
    }

    /** The snapshot as JSON text. */
    public static String toJson(MetricsSnapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("metrics snapshot is not serializable", impossible);
        }
    }
}
