package dev.speechload.core.target;

import dev.speechload.core.target.internal.HttpReadiness;
import dev.speechload.core.target.internal.PortReadiness;
import java.time.Duration;
import java.util.Objects;

/**
 * Tells when a started server is ready for load. A target calls {@link #attempt} repeatedly
 * (every 100 to 500 ms) until it reports ready or the target's startup timeout ends; the
 * timeout's message then quotes {@link #expectation} and the last {@link Attempt#seen()}.
 * Implementations are immutable and thread-safe.
 */
public interface ReadinessProbe {

    /**
     * Ready when a {@code GET} answers 2xx. A {@code pathOrUrl} starting with {@code /} is
     * resolved against the target's {@code http} endpoint (e.g. {@code "/health"}); otherwise it is
     * an absolute http(s) URL used as is.
     */
    static ReadinessProbe forHttp(String pathOrUrl) {
        return new HttpReadiness(pathOrUrl);
    }

    /** Ready when a TCP connection to the named endpoint (e.g. {@code "grpc"}) succeeds. */
    static ReadinessProbe forPort(String endpointName) {
        return new PortReadiness(endpointName);
    }

    /** What ready means, for messages, e.g. {@code HTTP 2xx from GET http://127.0.0.1:8080/health}. */
    String expectation(Endpoints endpoints);

    /**
     * One check. Must return within about {@code attemptTimeout}; must not throw for "not ready
     * yet" (refused connection, error status), only report it.
     *
     * @param endpoints      the started target's endpoints
     * @param attemptTimeout positive bound for this one check
     */
    Attempt attempt(Endpoints endpoints, Duration attemptTimeout);

    /**
     * The outcome of one check.
     *
     * @param ready true when the server is ready
     * @param seen  what was observed, e.g. {@code HTTP 503} or {@code connection refused}; never null
     */
    record Attempt(boolean ready, String seen) {
        public Attempt {
            Objects.requireNonNull(seen, "seen");
        }

        public static Attempt ready(String seen) {
            return new Attempt(true, seen);
        }

        public static Attempt notReady(String seen) {
            return new Attempt(false, seen);
        }
    }
}
