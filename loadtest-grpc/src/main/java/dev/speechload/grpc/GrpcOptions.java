package dev.speechload.grpc;

import dev.speechload.grpc.internal.Pacer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the gRPC drivers connect and bound their sessions: connections, pacer threads, timeouts,
 * request metadata and where to connect. Every gRPC scenario takes one through
 * {@code withOptions(..)} ({@link SttScenario#withOptions}, {@link GrpcStreamScenario#withOptions},
 * {@link GrpcConversationScenario#withOptions}, {@link GrpcCallScenario#withOptions}).
 *
 * <pre>{@code
 * GrpcOptions options = GrpcOptions.defaults()
 *         .withConnections(4)
 *         .withFinalTimeout(Duration.ofSeconds(20));
 * SttScenario stt = SttScenario.create(audio).withOptions(options);
 * }</pre>
 *
 * <p>Immutable and thread-safe: every {@code with...} returns a new value and leaves this one as
 * it was, so one value may be shared by several scenarios. Values are checked when built; a bad
 * one throws {@link IllegalArgumentException} naming the option.
 *
 * @param connections    gRPC channels (TCP connections) the sessions are spread over (engine
 *                       channel i uses connection i % n), 1..1024; default 1
 * @param pacerThreads   threads (timer lanes) that pace the streams' sends and replies, 1..64;
 *                       default one per core (a lane that falls behind shows in
 *                       {@code generator.grpc.send_lag}); unary and one-way calls use one
 * @param connectTimeout TCP connect bound per connection attempt, positive; default 5 s
 * @param finalTimeout   how long the final result and the end of the stream may take after the
 *                       last request (conversations: after the run's deadline), positive; default 10 s
 * @param sessionTimeout a bound on a whole session (for {@link GrpcCallScenario}, on a call),
 *                       positive, or null (the default): the planned send time + max(5 s, half of it)
 *                       + the final timeout, or until the run's deadline + the final timeout where
 *                       nothing is planned
 * @param metadata       request metadata sent with every call (ASCII names and values); default none.
 *                       {@link SttScenario}'s attributes are added to it (an attribute wins over a
 *                       header of the same name)
 * @param authority      {@code host:port} to connect to, or null (the default): the target's gRPC endpoint
 */
public record GrpcOptions(
        int connections,
        int pacerThreads,
        Duration connectTimeout,
        Duration finalTimeout,
        Duration sessionTimeout,
        Map<String, String> metadata,
        String authority) {

    /** Most connections one driver opens. */
    public static final int MAX_CONNECTIONS = 1024;
    /** Most pacer threads one driver starts. */
    public static final int MAX_PACER_THREADS = 64;

    private static final GrpcOptions DEFAULTS = new GrpcOptions(
            1, Pacer.defaultThreads(), Duration.ofSeconds(5), Duration.ofSeconds(10), null, Map.of(), null);

    /**
     * @throws IllegalArgumentException naming the option, when a value is out of its range
     * @throws NullPointerException     when a required value is null
     */
    public GrpcOptions {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException(
                    "GrpcOptions.connections must be 1.." + MAX_CONNECTIONS + ", was " + connections);
        }
        if (pacerThreads < 1 || pacerThreads > MAX_PACER_THREADS) {
            throw new IllegalArgumentException(
                    "GrpcOptions.pacerThreads must be 1.." + MAX_PACER_THREADS + ", was " + pacerThreads);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(finalTimeout, "finalTimeout");
        if (sessionTimeout != null) {
            requirePositive(sessionTimeout, "sessionTimeout");
        }
        metadata = checkMetadata(metadata);
        if (authority != null && authority.isBlank()) {
            throw new IllegalArgumentException(
                    "GrpcOptions.authority must be host:port or null (the target's gRPC " + "endpoint), was blank");
        }
    }

    /** One connection, a pacer thread per core, 5 s connect, 10 s final timeout, derived session timeout. */
    public static GrpcOptions defaults() {
        return DEFAULTS;
    }

    public GrpcOptions withConnections(int value) {
        return new GrpcOptions(value, pacerThreads, connectTimeout, finalTimeout, sessionTimeout, metadata, authority);
    }

    public GrpcOptions withPacerThreads(int value) {
        return new GrpcOptions(connections, value, connectTimeout, finalTimeout, sessionTimeout, metadata, authority);
    }

    public GrpcOptions withConnectTimeout(Duration value) {
        return new GrpcOptions(connections, pacerThreads, value, finalTimeout, sessionTimeout, metadata, authority);
    }

    public GrpcOptions withFinalTimeout(Duration value) {
        return new GrpcOptions(connections, pacerThreads, connectTimeout, value, sessionTimeout, metadata, authority);
    }

    /** A bound on each session; null restores the derived default. */
    public GrpcOptions withSessionTimeout(Duration value) {
        return new GrpcOptions(connections, pacerThreads, connectTimeout, finalTimeout, value, metadata, authority);
    }

    /** Replaces the request metadata. */
    public GrpcOptions withMetadata(Map<String, String> value) {
        return new GrpcOptions(
                connections, pacerThreads, connectTimeout, finalTimeout, sessionTimeout, value, authority);
    }

    /** Adds (or replaces) one metadata entry. */
    public GrpcOptions withMetadata(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(metadata);
        next.put(
                Objects.requireNonNull(name, "GrpcOptions.metadata name"),
                Objects.requireNonNull(value, "GrpcOptions.metadata value"));
        return withMetadata(next);
    }

    /** Connects to {@code host:port} instead of the target's gRPC endpoint; null: the target's. */
    public GrpcOptions withAuthority(String hostPort) {
        return new GrpcOptions(
                connections, pacerThreads, connectTimeout, finalTimeout, sessionTimeout, metadata, hostPort);
    }

    private static void requirePositive(Duration d, String option) {
        Objects.requireNonNull(d, () -> "GrpcOptions." + option);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("GrpcOptions." + option + " must be positive, was " + d);
        }
    }

    private static Map<String, String> checkMetadata(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "GrpcOptions.metadata");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!isAscii(e.getKey()) || e.getKey().isEmpty() || !isAscii(e.getValue())) {
                throw new IllegalArgumentException("GrpcOptions.metadata must have printable ASCII names and values, "
                        + "was '" + e.getKey() + "': '" + e.getValue() + "'");
            }
        }
        return Map.copyOf(metadata);
    }

    private static boolean isAscii(String s) {
        return s != null && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
