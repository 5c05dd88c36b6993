package dev.speechload.core.target;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where a started target listens, by name: {@code "grpc"} as {@code grpc://host:port},
 * {@code "http"} as {@code http://host:port}. Immutable.
 */
public record Endpoints(Map<String, URI> uris) {

    public static final String GRPC = "grpc";
    public static final String HTTP = "http";

    public Endpoints {
        uris = Map.copyOf(Objects.requireNonNull(uris, "uris"));
    }

    /** The endpoint of that name; fails naming the endpoints there are. */
    public URI get(String name) {
        URI uri = uris.get(name);
        if (uri == null) {
            throw new IllegalStateException("the target has no '" + name + "' endpoint; it has " + uris.keySet());
        }
        return uri;
    }

    /** Base URI of the HTTP endpoint, e.g. {@code http://127.0.0.1:8080}. */
    public URI http() {
        return get(HTTP);
    }

    /** host:port of the gRPC endpoint, as a gRPC channel target. */
    public String grpcAuthority() {
        URI uri = get(GRPC);
        return uri.getHost() + ":" + uri.getPort();
    }
}
