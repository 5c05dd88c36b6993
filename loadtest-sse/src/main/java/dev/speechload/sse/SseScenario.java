package dev.speechload.sse;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.sse.internal.GapBuffer;
import dev.speechload.sse.internal.OkHttpWarmup;
import dev.speechload.sse.internal.SseClientShards;
import dev.speechload.sse.internal.SseClients;
import dev.speechload.sse.internal.SseStream;
import dev.speechload.sse.internal.StreamMetrics;
import dev.speechload.sse.internal.StreamSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A load-test scenario that opens one server-sent-events stream per iteration, against any URL,
 * and measures it: time to first event, gaps between events, stream duration, per-client event
 * rate, audio real-time factor, events and bytes, and errors by kind (see {@link SseErrorKind}
 * and {@code docs/sse-driver.md}).
 *
 * <pre>{@code
 * SseScenario sse = SseScenario.get("/events")                 // resolved against the target's http endpoint
 *         .withCountedEvents(e -> e.is("tick"))
 *         .withEndEvent(e -> e.is("bye"))
 *         .withOptions(SseOptions.defaults().withReadTimeout(Duration.ofSeconds(5)));
 * }</pre>
 *
 * <p><b>Immutable configuration:</b> every {@code with...} returns a new scenario. The engine
 * calls {@link #setUp} (per run: one OkHttp dispatcher sized to the plan's channels, a
 * connection pool per 64 channels, and one timer thread for the streams' bounds), {@link #start} concurrently from every
 * channel, then {@link #tearDown}; an instance serves one run at a time.
 *
 * <p><b>No waiting thread.</b> This is an {@link AsyncScenario}: {@link #start} sends the request
 * and returns at once with a stage that completes when the stream ends, so an open stream holds
 * one thread, OkHttp's reader (OkHttp has no non-blocking body reading), and no channel thread.
 * The readers are the run's channel threads ({@link ScenarioContext#channelThreads()},
 * {@code loadtest.channelThreads}): virtual threads when asked (Java 21+), so 10,000 open streams
 * hold no platform thread each; platform threads by default.
 * {@link #run} (for code that expects a blocking scenario) starts the stream and waits for it.
 *
 * <p><b>Per iteration:</b> the stream ends normally on the end event (or at end of file when no
 * end event is set). It fails on a failure event, an HTTP error, a wrong content type, a reset,
 * a stall (nothing within the read timeout), an event over the size cap, malformed data, a
 * redirect, or when it outlives its {@link SseOptions#streamTimeout}: the iteration is then marked failed
 * with the error code and the stage completes with {@link SseStreamException} carrying the
 * message ({@code run} throws it). {@link SseOptions#maxStreamDuration} is a planned end instead: the
 * driver closes a stream that long and it counts as completed with what it saw (for endless
 * streams). A stream still running at the run's deadline goes on through the engine's grace
 * period and counts normally if it ends in it; after that the engine cancels its stage, the
 * driver cancels the call and records what it saw (events, bytes, gaps, time to first event) but
 * no completion, and the engine counts it in {@code iterations.cut}, not as an error. Everything
 * is recorded before the stage completes. Gaps reach the histogram in batches of at most
 * {@value dev.speechload.sse.internal.GapBuffer#CAPACITY} while the stream runs, so a stream's
 * memory is bounded however long it is.
 */
public final class SseScenario implements AsyncScenario {

    private final Config config;
    private volatile Running running;

    private SseScenario(Config config) {
        this.config = config;
    }

    /** A {@code GET} stream of {@code pathOrUrl}: a path starting with {@code /} is resolved against
     *  the target's {@code http} endpoint, anything else must be an absolute http(s) URL. */
    public static SseScenario get(String pathOrUrl) {
        return request("GET", pathOrUrl);
    }

    /** A {@code POST} stream whose body is {@code body}'s string for each iteration, sent as {@code contentType}. */
    public static SseScenario post(String pathOrUrl, String contentType, TextSource body) {
        return request("POST", pathOrUrl).withBody(contentType, body);
    }

    /** A stream opened with any method (GET, POST, PUT...). */
    public static SseScenario request(String method, String pathOrUrl) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathOrUrl, "pathOrUrl");
        Config c = new Config();
        c.method = method.toUpperCase(Locale.ROOT);
        c.pathOrUrl = pathOrUrl;
        checkUrl(pathOrUrl);
        return new SseScenario(c);
    }

    /** The request body, built per iteration, and its content type (e.g. {@code application/json}). */
    public SseScenario withBody(String contentType, TextSource body) {
        MediaType type = MediaType.parse(Objects.requireNonNull(contentType, "contentType"));
        if (type == null) {
            throw new IllegalArgumentException(
                    "SseScenario.withBody: '" + contentType + "' is not a media type," + " e.g. application/json");
        }
        Config c = config.copy();
        c.contentType = contentType;
        c.body = Objects.requireNonNull(body, "body");
        return new SseScenario(c);
    }

    /** Adds a query parameter whose value is built per iteration (URL-encoded by the driver). */
    public SseScenario withQueryParameter(String name, TextSource value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Config c = config.copy();
        c.query.put(name, value);
        return new SseScenario(c);
    }

    /**
     * Which events count for the measurements (events counter, time to first event, gaps, per-client
     * rate). Default: every event except the end event and failure events.
     */
    public SseScenario withCountedEvents(Predicate<SseEvent> counted) {
        Config c = config.copy();
        c.counted = Objects.requireNonNull(counted, "counted");
        return new SseScenario(c);
    }

    /** The event that ends a stream normally; without one, the server closing the stream ends it. */
    public SseScenario withEndEvent(Predicate<SseEvent> end) {
        Config c = config.copy();
        c.end = Objects.requireNonNull(end, "end");
        return new SseScenario(c);
    }

    /**
     * Events that report a failure: the stream fails with {@code code(event)} as its error code
     * ({@code SSE_ERROR} when null or blank) and {@code message(event)} in its message.
     */
    public SseScenario withFailureEvent(
            Predicate<SseEvent> failure, Function<SseEvent, String> code, Function<SseEvent, String> message) {
        Config c = config.copy();
        c.failure = Objects.requireNonNull(failure, "failure");
        c.failureCode = Objects.requireNonNull(code, "code");
        c.failureMessage = Objects.requireNonNull(message, "message");
        return new SseScenario(c);
    }

    /**
     * A check of every event: returns a description of what is wrong (the stream fails as
     * {@link SseErrorKind#MALFORMED}) or null when the event is fine. Must be thread-safe.
     */
    public SseScenario withEventCheck(Function<SseEvent, String> check) {
        Config c = config.copy();
        c.check = Objects.requireNonNull(check, "check");
        return new SseScenario(c);
    }

    /**
     * Measures audio in the events {@code audioEvents} selects: their data must be a JSON object
     * with {@code samples} (or base64 PCM16 in {@code pcm16}) and optionally {@code sample_rate_hz}
     * (else {@code defaultSampleRateHz}); see {@code <prefix>.wall_per_audio_second}.
     *
     * @param defaultSampleRateHz &gt; 0
     */
    public SseScenario withAudioEvents(Predicate<SseEvent> audioEvents, int defaultSampleRateHz) {
        if (defaultSampleRateHz <= 0) {
            throw new IllegalArgumentException(
                    "SseScenario.withAudioEvents: defaultSampleRateHz must be > 0, was " + defaultSampleRateHz);
        }
        Config c = config.copy();
        c.audio = Objects.requireNonNull(audioEvents, "audioEvents");
        c.sampleRateHz = defaultSampleRateHz;
        return new SseScenario(c);
    }

    /** When true, numeric event ids must increase strictly within a stream (else MALFORMED). Default false. */
    public SseScenario withIncreasingIds(boolean required) {
        Config c = config.copy();
        c.increasingIds = required;
        return new SseScenario(c);
    }

    /**
     * Timeouts, the planned stream length, the event size cap, reconnection, redirects and request
     * headers (default {@link SseOptions#defaults()}); replaces the options set before.
     */
    public SseScenario withOptions(SseOptions options) {
        Config c = config.copy();
        c.options = Objects.requireNonNull(options, "options");
        return new SseScenario(c);
    }

    /** The options this scenario runs with. */
    public SseOptions options() {
        return config.options;
    }

    /** Callbacks for every stream; see {@link SseListener} for the one-terminal-callback promise. */
    public SseScenario withListener(SseListener listener) {
        Config c = config.copy();
        c.listener = Objects.requireNonNull(listener, "listener");
        return new SseScenario(c);
    }

    /** Prefix of this scenario's metric names (default {@code sse}); letters, digits, '.', '_', '-'. */
    public SseScenario withMetricPrefix(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("SseScenario.withMetricPrefix: expected letters, digits, '.', '_' or"
                    + " '-', was '" + prefix + "'");
        }
        Config c = config.copy();
        c.metricPrefix = prefix;
        return new SseScenario(c);
    }

    /** The metric prefix. */
    public String metricPrefix() {
        return config.metricPrefix;
    }

    /**
     * Opens this scenario's streams outside the engine (tools, stress runs, examples): one
     * OkHttpClient for up to {@code concurrentStreams} streams at once. A path is resolved against
     * {@code baseUrl}; an absolute URL is used as is. The first open (or set-up) in a JVM also
     * streams one small response from a loopback port, never the target, so that OkHttp's class
     * loading (about 450 ms) does not land in the first measured stream.
     *
     * @param baseUrl           e.g. {@code http://127.0.0.1:8080}; may be null when the URL is absolute
     * @param concurrentStreams &gt;= 1
     */
    public SseSession open(URI baseUrl, int concurrentStreams) {
        if (concurrentStreams < 1) {
            throw new IllegalArgumentException(
                    "SseScenario.open: concurrentStreams must be >= 1, was " + concurrentStreams);
        }
        HttpUrl url;
        if (config.pathOrUrl.startsWith("/")) {
            Objects.requireNonNull(baseUrl, "baseUrl (needed to resolve " + config.pathOrUrl + ")");
            url = checkUrl(baseUrl.resolve(config.pathOrUrl).toString());
        } else {
            url = checkUrl(config.pathOrUrl);
        }
        SseClientShards clients = SseClientShards.create(
                config.metricPrefix,
                concurrentStreams,
                config.options.connectTimeout(),
                config.options.readTimeout(),
                ChannelThreads.PLATFORM);
        OkHttpWarmup.once();
        return new SseSession(this, clients, url, spec(config.method + " " + url));
    }

    @Override
    public void setUp(ScenarioContext context) {
        HttpUrl url = resolve(config.pathOrUrl, context);
        StreamMetrics metrics = new StreamMetrics(context, config.metricPrefix);
        int channels = Math.max(1, context.plan().channels());
        // OkHttp's readers run on the run's channel threads: virtual ones when the run asked for them,
        // so 10,000 open streams do not hold 10,000 platform threads. A kind this JVM lacks fails here.
        ChannelThreads readers = context.channelThreads().requireAvailable();
        SseClientShards clients = SseClientShards.create(
                config.metricPrefix, channels, config.options.connectTimeout(), config.options.readTimeout(), readers);
        // The first stream in a JVM would otherwise carry ~450 ms of class loading in its times.
        OkHttpWarmup.once();
        running = new Running(
                clients,
                SseClients.timer(config.metricPrefix),
                url,
                varies() ? null : request(url, 0, 0),
                spec(config.method + " " + url),
                metrics);
    }

    /**
     * Starts one stream and returns at once; the stage completes when the stream ends, after it is
     * recorded. A stream is bounded by its stream timeout (an error) or its maximum duration (a
     * planned end), both enforced by the run's timer, not by the run's deadline: one still running
     * at the deadline gets the engine's grace period and is measured normally when it ends in it.
     * A failed stream marks the iteration failed ({@link Iteration#fail}) and completes the stage
     * with {@link SseStreamException}. Cancelling the stage (the engine does at the end of the
     * grace period) cancels the call and records what the stream saw (events, bytes, gaps, time to
     * first event) but not a completion, so the engine counts the stream once, in
     * {@code iterations.cut} (not an error). Does not block.
     *
     * @throws IllegalStateException when the scenario is not set up
     */
    @Override
    public CompletableFuture<Void> start(Iteration iteration) {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("SseScenario is not set up: call setUp(..) first (the engine does)");
        }
        // A request that is the same for every iteration is built once, in set-up: starts run one
        // after another on the engine's few scheduler threads, and the last of a ramp step waits for the others.
        Request request =
                r.fixedRequest != null ? r.fixedRequest : request(r.url, iteration.channel(), iteration.index());
        GapBuffer gaps = new GapBuffer(iteration, r.metrics.gap);
        StreamEnd end = new StreamEnd(iteration, r.metrics, gaps, r.spec.target());
        long start = System.nanoTime();
        SseStream.Bound bound = bound(start);
        SseStream stream = new SseStream(r.clients.forChannel(iteration.channel()), r.spec, request, gaps);
        end.of(stream);
        stream.start(start, bound, r.timer, end);
        return end;
    }

    /**
     * Runs one stream and waits for it: {@link #start}, then the stage's end.
     *
     * @throws SseStreamException   when the stream failed (after {@link Iteration#fail})
     * @throws InterruptedException when the waiting thread was interrupted: the stream is cut first
     *                              (its call cancelled, what it saw recorded, no completion)
     */
    @Override
    public void run(Iteration iteration) throws Exception {
        AsyncScenario.super.run(iteration);
    }

    @Override
    public void tearDown() {
        Running r = running;
        running = null;
        if (r != null) {
            r.clients.close();
            r.timer.shutdownNow();
        }
    }

    /** The stream rules of this configuration, for the given target description. Not API. */
    StreamSpec spec(String target) {
        Predicate<SseEvent> end = config.end;
        Predicate<SseEvent> failure = config.failure;
        Predicate<SseEvent> counted = config.counted != null
                ? config.counted
                : e -> (end == null || !end.test(e)) && (failure == null || !failure.test(e));
        return new StreamSpec(
                target,
                counted,
                end,
                failure,
                config.failureCode,
                config.failureMessage,
                config.check,
                config.audio,
                config.sampleRateHz,
                config.increasingIds,
                config.options.maxEventBytes(),
                config.options.reconnect() ? 1 : 0,
                config.listener,
                config.options.followRedirects() ? SseOptions.MAX_REDIRECTS : 0);
    }

    /** True when a request depends on its channel or iteration (a query value or a body built per iteration). */
    private boolean varies() {
        return !config.query.isEmpty() || config.body != null;
    }

    Request request(HttpUrl url, int channel, long index) {
        HttpUrl target = url;
        if (!config.query.isEmpty()) {
            HttpUrl.Builder b = url.newBuilder();
            config.query.forEach((name, value) -> b.addQueryParameter(name, value.text(channel, index)));
            target = b.build();
        }
        Request.Builder builder = new Request.Builder()
                .url(target)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        config.options.headers().forEach(builder::header);
        RequestBody body = null;
        if (config.body != null) {
            body = RequestBody.create(
                    config.body.text(channel, index).getBytes(StandardCharsets.UTF_8),
                    MediaType.get(config.contentType));
        } else if (requiresBody(config.method)) {
            body = RequestBody.create(new byte[0], null);
        }
        return builder.method(config.method, body).build();
    }

    /** When a stream started at {@code startNanos} ends at the latest, and whether that end is planned. */
    SseStream.Bound bound(long startNanos) {
        Duration max = config.options.maxStreamDuration();
        Duration timeout = config.options.streamTimeout();
        boolean planned = max != null && max.compareTo(timeout) < 0;
        Duration d = planned ? max : timeout;
        String description = planned
                ? "the maximum stream duration (" + d.toMillis() + " ms)"
                : "the stream timeout (" + d.toMillis() + " ms)";
        return new SseStream.Bound(startNanos + d.toNanos(), description, planned);
    }

    static HttpUrl resolve(String pathOrUrl, ScenarioContext context) {
        if (pathOrUrl.startsWith("/")) {
            URI base = context.endpoints().http();
            return checkUrl(base.resolve(pathOrUrl).toString());
        }
        return checkUrl(pathOrUrl);
    }

    private static HttpUrl checkUrl(String pathOrUrl) {
        if (pathOrUrl.startsWith("/")) {
            return null;
        }
        HttpUrl url = HttpUrl.parse(pathOrUrl);
        if (url == null) {
            throw new IllegalArgumentException("SSE URL '" + pathOrUrl + "' is neither a path starting with '/'"
                    + " nor an absolute http(s) URL such as http://127.0.0.1:8080/v1/tts");
        }
        return url;
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** One run's resources. */
    /** @param fixedRequest every iteration's request when none varies, else null */
    private record Running(
            SseClientShards clients,
            ScheduledThreadPoolExecutor timer,
            HttpUrl url,
            Request fixedRequest,
            StreamSpec spec,
            StreamMetrics metrics) {}

    /** The configuration; copied on every {@code with...}, never shared mutably. */
    private static final class Config {
        String method = "GET";
        String pathOrUrl;
        Map<String, TextSource> query = new LinkedHashMap<>();
        String contentType;
        TextSource body;
        Predicate<SseEvent> counted;
        Predicate<SseEvent> end;
        Predicate<SseEvent> failure;
        Function<SseEvent, String> failureCode;
        Function<SseEvent, String> failureMessage;
        Function<SseEvent, String> check;
        Predicate<SseEvent> audio;
        int sampleRateHz = 16_000;
        boolean increasingIds;
        SseOptions options = SseOptions.defaults();
        SseListener listener = SseListener.none();
        String metricPrefix = "sse";

        Config copy() {
            Config c = new Config();
            c.method = method;
            c.pathOrUrl = pathOrUrl;
            c.query = new LinkedHashMap<>(query);
            c.contentType = contentType;
            c.body = body;
            c.counted = counted;
            c.end = end;
            c.failure = failure;
            c.failureCode = failureCode;
            c.failureMessage = failureMessage;
            c.check = check;
            c.audio = audio;
            c.sampleRateHz = sampleRateHz;
            c.increasingIds = increasingIds;
            c.options = options;
            c.listener = listener;
            c.metricPrefix = metricPrefix;
            return c;
        }
    }
}
