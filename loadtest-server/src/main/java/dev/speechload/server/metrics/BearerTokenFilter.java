package dev.speechload.server.metrics;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; answers 401 otherwise.
 * Metrics reveal load and memory figures, so a shared server can keep them private.
 * The comparison takes the same time whatever the token, so it leaks nothing by timing.
 */
public final class BearerTokenFilter extends Filter {

    private final byte[] expected;

    /** @param token the token clients must send, not blank */
    public BearerTokenFilter(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("metrics token must not be blank");
        }
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header == null ? new byte[0] : header.trim().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, given)) {
            chain.doFilter(exchange);
            return;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        HttpResponses.sendJson(exchange, 401, "{\"error\":\"unauthorized\"}");
    }

    @Override
    public String description() {
        return "requires Authorization: Bearer <metrics token>";
    }
}
