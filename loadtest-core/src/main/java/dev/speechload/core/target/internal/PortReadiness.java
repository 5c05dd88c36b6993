package dev.speechload.core.target.internal;

import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.ReadinessProbe;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Ready when a TCP connection to an endpoint succeeds. Immutable; thread-safe. */
public final class PortReadiness implements ReadinessProbe {

    private final String endpointName;

    public PortReadiness(String endpointName) {
        this.endpointName = Objects.requireNonNull(endpointName, "endpointName");
    }

    @Override
    public String expectation(Endpoints endpoints) {
        URI uri = endpoints.get(endpointName);
        return "a TCP connection to " + endpointName + " endpoint " + uri.getHost() + ":" + Tcp.port(uri);
    }

    @Override
    public Attempt attempt(Endpoints endpoints, Duration attemptTimeout) {
        URI uri = endpoints.get(endpointName);
        String failure = Tcp.tryConnect(uri.getHost(), Tcp.port(uri), attemptTimeout);
        return failure == null ? Attempt.ready("connected") : Attempt.notReady(failure);
    }

    @Override
    public String toString() {
        return "forPort(" + endpointName + ")";
    }
}
