package dev.speechload.sse;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the SSE driver connects, bounds and follows its streams: timeouts, the planned stream
 * length, the event size cap, reconnection, redirects and request headers. {@link SseScenario}
 * and {@link TtsScenario} take one through {@code withOptions(..)}.
 *
 * <pre>{@code
 * SseOptions options = SseOptions.defaults()
 *         .withReadTimeout(Duration.ofSeconds(5))
 *         .withHeader("Authorization", "Bearer " + token);
 * SseScenario sse = SseScenario.get("/events").withOptions(options);
 * }</pre>
 *
 * <p>Immutable and thread-safe: every {@code with...} returns a new value and leaves this one as
 * it was, so one value may be shared by several scenarios. Values are checked when built; a bad
 * one throws {@link IllegalArgumentException} naming the option.
 *
 * @param connectTimeout    bound on connecting, positive; default 5 s
 * @param readTimeout       a stream with no byte (headers or body) for this long fails as
 *                          {@link SseErrorKind#STALL}, positive; default 10 s
 * @param streamTimeout     a stream not ended this long after its request started fails as
 *                          {@link SseErrorKind#TIMEOUT}: a bound on a stream that should end by
 *                          itself, positive; default 60 s
 * @param maxStreamDuration the planned length of a stream, positive, or null (the default: none):
 *                          the driver closes a stream still open this long after its request
 *                          started and counts it as completed, with every event, byte and gap it
 *                          saw (for streams that never end by themselves). A shorter stream timeout
 *                          still fails the stream first
 * @param maxEventBytes     cap on one event (a line plus the event's retained data), in bytes,
 *                          &gt;= 64; default {@value #DEFAULT_MAX_EVENT_BYTES} (1 MiB)
 * @param reconnect         true: a stream reset after at least one event with an id is resumed once
 *                          with {@code Last-Event-ID}; the first id after resuming must follow the
 *                          last one (numeric ids: last + 1), else the stream fails as MALFORMED.
 *                          Counted in {@code <prefix>.reconnects}. Default false
 * @param followRedirects   true: a 3xx whose Location stays on the target's origin (scheme, host and
 *                          port) is followed with the same method and body, up to
 *                          {@value #MAX_REDIRECTS} times. Default false: a 3xx fails the stream as
 *                          {@link SseErrorKind#REDIRECT} with the Location in its message, so load
 *                          never leaves the target unnoticed. A redirect to another origin always fails
 * @param headers           request headers sent on every stream and reconnection, in insertion order;
 *                          default none
 */
public record SseOptions(
        Duration connectTimeout,
        Duration readTimeout,
        Duration streamTimeout,
        Duration maxStreamDuration,
        long maxEventBytes,
        boolean reconnect,
        boolean followRedirects,
        Map<String, String> headers) {

    /** Default cap on one event (one line plus the event's retained data): 1 MiB. */
    public static final long DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
    /** Redirects one stream follows at most, with {@link #withRedirects(boolean)}. */
    public static final int MAX_REDIRECTS = 5;

    private static final SseOptions DEFAULTS = new SseOptions(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            null,
            DEFAULT_MAX_EVENT_BYTES,
            false,
            false,
            Map.of());

    /**
     * @throws IllegalArgumentException naming the option, when a value is out of its range
     * @throws NullPointerException     when a required value is null
     */
    public SseOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(streamTimeout, "streamTimeout");
        if (maxStreamDuration != null) {
            requirePositive(maxStreamDuration, "maxStreamDuration");
        }
        if (maxEventBytes < 64) {
            throw new IllegalArgumentException("SseOptions.maxEventBytes must be >= 64, was " + maxEventBytes);
        }
        Objects.requireNonNull(headers, "SseOptions.headers");
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "SseOptions.headers name"),
                Objects.requireNonNull(value, () -> "SseOptions.headers value of " + name)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** 5 s connect, 10 s read, 60 s stream timeout, no planned length, 1 MiB events, no reconnect or redirect. */
    public static SseOptions defaults() {
        return DEFAULTS;
    }

    public SseOptions withConnectTimeout(Duration timeout) {
        return new SseOptions(
                timeout,
                readTimeout,
                streamTimeout,
                maxStreamDuration,
                maxEventBytes,
                reconnect,
                followRedirects,
                headers);
    }

    public SseOptions withReadTimeout(Duration timeout) {
        return new SseOptions(
                connectTimeout,
                timeout,
                streamTimeout,
                maxStreamDuration,
                maxEventBytes,
                reconnect,
                followRedirects,
                headers);
    }

    public SseOptions withStreamTimeout(Duration timeout) {
        return new SseOptions(
                connectTimeout,
                readTimeout,
                timeout,
                maxStreamDuration,
                maxEventBytes,
                reconnect,
                followRedirects,
                headers);
    }

    /** The planned length of a stream; null: none (the default). */
    public SseOptions withMaxStreamDuration(Duration max) {
        return new SseOptions(
                connectTimeout, readTimeout, streamTimeout, max, maxEventBytes, reconnect, followRedirects, headers);
    }

    public SseOptions withMaxEventBytes(long maxBytes) {
        return new SseOptions(
                connectTimeout,
                readTimeout,
                streamTimeout,
                maxStreamDuration,
                maxBytes,
                reconnect,
                followRedirects,
                headers);
    }

    public SseOptions withReconnect(boolean reconnectOnce) {
        return new SseOptions(
                connectTimeout,
                readTimeout,
                streamTimeout,
                maxStreamDuration,
                maxEventBytes,
                reconnectOnce,
                followRedirects,
                headers);
    }

    public SseOptions withRedirects(boolean followWithinOrigin) {
        return new SseOptions(
                connectTimeout,
                readTimeout,
                streamTimeout,
                maxStreamDuration,
                maxEventBytes,
                reconnect,
                followWithinOrigin,
                headers);
    }

    /** Replaces the request headers. */
    public SseOptions withHeaders(Map<String, String> newHeaders) {
        return new SseOptions(
                connectTimeout,
                readTimeout,
                streamTimeout,
                maxStreamDuration,
                maxEventBytes,
                reconnect,
                followRedirects,
                newHeaders);
    }

    /** Adds (or replaces) one request header. */
    public SseOptions withHeader(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(
                Objects.requireNonNull(name, "SseOptions.headers name"),
                Objects.requireNonNull(value, "SseOptions.headers value"));
        return withHeaders(next);
    }

    private static void requirePositive(Duration d, String option) {
        Objects.requireNonNull(d, () -> "SseOptions." + option);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("SseOptions." + option + " must be positive, was " + d);
        }
    }
}
