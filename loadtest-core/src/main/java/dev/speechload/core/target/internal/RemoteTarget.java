package dev.speechload.core.target.internal;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceProbes;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.ExternalTarget;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** {@link ExternalTarget}: an address checked by TCP connect. Single use; not thread-safe. */
public final class RemoteTarget implements ExternalTarget {

    private final Endpoints endpoints;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private ResourceProbe probe;
    private volatile boolean running;

    /** Either URI may be null, not both; checked by the caller. */
    public RemoteTarget(URI grpc, URI http) {
        Map<String, URI> uris = new LinkedHashMap<>();
        if (grpc != null) {
            uris.put(Endpoints.GRPC, checked(Endpoints.GRPC, grpc, "grpc", "grpc://127.0.0.1:50051"));
        }
        if (http != null) {
            uris.put(Endpoints.HTTP, checked(Endpoints.HTTP, http, "http", "http://127.0.0.1:8080"));
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("an external target needs a grpc or an http address, got neither");
        }
        this.endpoints = new Endpoints(uris);
    }

    private static URI checked(String name, URI uri, String scheme, String example) {
        boolean schemeOk = scheme.equals(uri.getScheme()) || "http".equals(scheme) && "https".equals(uri.getScheme());
        if (!schemeOk || uri.getHost() == null || Tcp.port(uri) < 0) {
            throw new IllegalArgumentException(
                    "external " + name + " address must look like " + example + ", was " + uri);
        }
        return uri;
    }

    @Override
    public ExternalTarget withMetrics(URI metricsUrl) {
        this.probe = ResourceProbes.metricsJson(metricsUrl);
        return this;
    }

    @Override
    public ExternalTarget withResourceProbe(ResourceProbe resourceProbe) {
        this.probe = Objects.requireNonNull(resourceProbe, "resourceProbe");
        return this;
    }

    @Override
    public ExternalTarget withConnectTimeout(Duration timeout) {
        this.connectTimeout = Durations.positive(timeout, "connect timeout");
        return this;
    }

    @Override
    public void start() {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, URI> e : new TreeMap<>(endpoints.uris()).entrySet()) {
            URI uri = e.getValue();
            String failure = Tcp.tryConnect(uri.getHost(), Tcp.port(uri), connectTimeout);
            if (failure != null) {
                failures.add(e.getKey() + " endpoint " + uri + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            throw new TargetException("external target is not reachable: " + String.join("; ", failures)
                    + ". Start the server there, or fix the address (loadtest.external.grpc / loadtest.external.http)");
        }
        running = true;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public String description() {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(endpoints.uris()).values().forEach(u -> parts.add(u.toString()));
        return String.join(" ", parts);
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public Optional<ResourceProbe> resourceProbe() {
        return Optional.ofNullable(probe);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Dead after {@value HealthCheckLiveness#FAILED_CHECKS_FOR_DEATH} failed health checks in a row
     * (the TCP connection {@link #start()} tried), a second apart.
     */
    @Override
    public Liveness liveness() {
        return new HealthCheckLiveness(endpoints, connectTimeout, () -> !running);
    }

    /** Leaves the server alone: this target did not start it. */
    @Override
    public void close() {
        running = false;
    }

    @Override
    public String toString() {
        return "external target " + description();
    }
}
