package dev.speechload.core.target.internal;

import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The {@link Liveness} of a server this toolkit did not start: its health check is the one
 * {@code start()} made, a TCP connection to every endpoint. One failed check is not a death (a
 * server under load may be slow to accept); {@value #FAILED_CHECKS_FOR_DEATH} in a row are, dated
 * from the first of them. Checks are {@link #INTERVAL} apart. Thread-safe (one watch thread calls
 * {@link #check()} at a time).
 */
final class HealthCheckLiveness implements Liveness {

    static final int FAILED_CHECKS_FOR_DEATH = 3;
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Endpoints endpoints;
    private final Duration connectTimeout;
    private final BooleanSupplier stoppedOnPurpose;
    private int failedInARow;
    private long firstFailedNanos;

    HealthCheckLiveness(Endpoints endpoints, Duration connectTimeout, BooleanSupplier stoppedOnPurpose) {
        this.endpoints = endpoints;
        this.connectTimeout = connectTimeout;
        this.stoppedOnPurpose = stoppedOnPurpose;
    }

    @Override
    public synchronized Optional<TargetDeath> check() {
        if (stoppedOnPurpose.getAsBoolean()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        String failure = firstFailure();
        if (failure == null) {
            failedInARow = 0;
            return Optional.empty();
        }
        if (failedInARow++ == 0) {
            firstFailedNanos = now;
        }
        if (failedInARow < FAILED_CHECKS_FOR_DEATH) {
            return Optional.empty();
        }
        return Optional.of(new TargetDeath(
                "stopped answering its health check",
                failedInARow + " checks in a row" + " failed, " + INTERVAL.toSeconds() + " s apart; the last: "
                        + failure,
                null,
                firstFailedNanos));
    }

    /** The first endpoint that refused a connection, in words; null when every one accepted. */
    private String firstFailure() {
        for (Map.Entry<String, URI> e : new TreeMap<>(endpoints.uris()).entrySet()) {
            URI uri = e.getValue();
            String failure = Tcp.tryConnect(uri.getHost(), Tcp.port(uri), connectTimeout);
            if (failure != null) {
                return e.getKey() + " endpoint " + uri + ": " + failure;
            }
        }
        return null;
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }
}
