package dev.speechload.grpc;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.grpc.internal.DriverSettings;
import dev.speechload.grpc.internal.RequestScript;
import dev.speechload.grpc.internal.SessionEnd;
import dev.speechload.grpc.internal.SessionLogChain;
import dev.speechload.grpc.internal.StreamDriver;
import dev.speechload.grpc.internal.SttProtocol;
import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import io.grpc.Metadata;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A speech-to-text session against speechload's {@code SpeechToText.StreamingRecognize} contract:
 * each iteration opens a stream, sends the config (sample rate, language, partials, attributes;
 * the attributes also as request metadata), then the audio in chunks of {@code chunk} paced at
 * {@code speed} x real time (or as fast as gRPC flow control allows), the last chunk marked
 * {@code last}, and waits for the final result and the end of the stream, bounded by the final
 * timeout and the session timeout (a session still running when the engine cuts the run is cancelled).
 *
 * <pre>{@code
 * SttScenario stt = SttScenario.create(AudioSources.wav(Path.of("hello.wav")))
 *         .withChunk(Duration.ofMillis(100))
 *         .withSpeed(2.0)
 *         .withAttribute("partial", "true")
 *         .withSessionLogging(SessionLogging.toFile(Path.of("results/sessions.jsonl")));
 * }</pre>
 *
 * <p>Metrics (registered at set-up; latencies in ns, see docs/grpc-driver.md):
 * {@value dev.speechload.core.result.RunResult#TIME_TO_FIRST_EVENT}, {@value #INTERIM_LATENCY},
 * {@value #FINAL_LATENCY}, {@code stt.send_duration}, {@code stt.tail_duration},
 * {@code stt.session_duration}, {@code stt.rtf}, {@code stt.decode.*}, {@code generator.grpc.send_lag}, and
 * counters {@code stt.responses}, {@code stt.interims}, {@code stt.media_ms}, {@code stt.sessions_ok},
 * {@code stt.failed_at.<stage>}, {@code stt.send_not_ready}, {@code stt.results_unrecorded}.
 * A failed session calls {@link Iteration#fail(String)} with the server's code (ERR2003), the
 * gRPC status name or a {@link StreamErrors} kind.
 *
 * <p>Immutable configuration: every {@code with...} returns a new scenario. The instance holds its
 * channels between {@link #setUp} and {@link #tearDown}, so one instance serves one run at a time;
 * {@link #start} and {@link #run} are thread-safe.
 */
public final class SttScenario implements AsyncScenario {

    public static final String FINAL_LATENCY = "stt.final_latency";
    public static final String INTERIM_LATENCY = "stt.interim_latency";
    public static final String SESSION_DURATION = "stt.session_duration";

    private final Audio audio;
    private final Duration chunk;
    private final double speed;
    private final String language;
    private final boolean partials;
    private final Map<String, String> attributes;
    private final DriverSettings settings;
    /** This instance's session logs across its runs (a copy made by a {@code with...} starts its own). */
    private final SessionLogChain logs = new SessionLogChain();

    private volatile StreamDriver<StreamingRecognizeRequest, StreamingRecognizeResponse> driver;
    private volatile RequestScript<StreamingRecognizeRequest> script;

    private SttScenario(
            Audio audio,
            Duration chunk,
            double speed,
            String language,
            boolean partials,
            Map<String, String> attributes,
            DriverSettings settings) {
        this.audio = audio;
        this.chunk = chunk;
        this.speed = speed;
        this.language = language;
        this.partials = partials;
        this.attributes = Map.copyOf(attributes);
        this.settings = settings;
    }

    /**
     * Sessions that stream {@code audio}: 100 ms chunks in real time, language en-US, partials on,
     * final timeout 10 s, one connection.
     */
    public static SttScenario create(Audio audio) {
        return new SttScenario(
                Objects.requireNonNull(audio, "audio"),
                Duration.ofMillis(100),
                1.0,
                "en-US",
                true,
                Map.of(),
                DriverSettings.defaults("stt", "stt", true));
    }

    /**
     * A soak preset: every session streams {@code signal} (16 kHz, looped from 10 s) in real time for
     * {@code sessionLength}, with partials on. Pair it with a long plan; the engine's resource
     * samples then show the server's memory and thread growth.
     */
    public static SttScenario soak(SoakSignal signal, Duration sessionLength) {
        Objects.requireNonNull(signal, "signal");
        int rate = AudioSources.DEFAULT_SAMPLE_RATE_HZ;
        Audio base = signal == SoakSignal.NOISE
                ? AudioSources.whiteNoise(Duration.ofSeconds(10), rate, 1)
                : AudioSources.silence(Duration.ofSeconds(10), rate);
        return create(AudioSources.looped(base, sessionLength))
                .withName("stt-soak-" + signal.name().toLowerCase());
    }

    private SttScenario with(DriverSettings s) {
        return new SttScenario(audio, chunk, speed, language, partials, attributes, s);
    }

    public SttScenario withAudio(Audio newAudio) {
        return new SttScenario(
                Objects.requireNonNull(newAudio, "audio"), chunk, speed, language, partials, attributes, settings);
    }

    /** Audio per chunk: 10 ms..5 s. */
    public SttScenario withChunk(Duration newChunk) {
        Objects.requireNonNull(newChunk, "chunk");
        if (newChunk.toMillis() < 10 || newChunk.toMillis() > 5_000) {
            throw new IllegalArgumentException("chunk must be 10 ms..5 s, was " + newChunk.toMillis() + " ms");
        }
        return new SttScenario(audio, newChunk, speed, language, partials, attributes, settings);
    }

    /** Pacing relative to real time: 2.0 sends a second of audio every half second. 0.1..100. */
    public SttScenario withSpeed(double newSpeed) {
        if (!(newSpeed >= 0.1 && newSpeed <= 100)) {
            throw new IllegalArgumentException("speed must be 0.1..100 (x real time), was " + newSpeed);
        }
        return new SttScenario(audio, chunk, newSpeed, language, partials, attributes, settings);
    }

    /**
     * True (the default): chunks go out at their real-time schedule x speed. False: as fast as gRPC
     * flow control lets them (the speed is then ignored and {@code generator.grpc.send_lag} not recorded).
     */
    public SttScenario withRealtime(boolean realtime) {
        return with(settings.withRealtime(realtime));
    }

    /** BCP-47 language tag sent in the config, e.g. en-US. */
    public SttScenario withLanguage(String newLanguage) {
        return new SttScenario(
                audio, chunk, speed, Objects.requireNonNull(newLanguage, "language"), partials, attributes, settings);
    }

    /** Whether interim results are requested (config.partials). */
    public SttScenario withPartials(boolean newPartials) {
        return new SttScenario(audio, chunk, speed, language, newPartials, attributes, settings);
    }

    /**
     * A session attribute, sent in the config and as request metadata: the key must be a valid
     * header name (lower-case letters, digits, '-', '_', '.'), the value printable ASCII.
     */
    public SttScenario withAttribute(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(attributes);
        next.put(checkKey(key), checkValue(key, value));
        return new SttScenario(audio, chunk, speed, language, partials, next, settings);
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "attribute key");
        if (!key.matches("[0-9a-z_.\\-]+") || key.startsWith("grpc-") || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            throw new IllegalArgumentException("attribute '" + key + "' cannot be sent as request metadata: use "
                    + "lower-case letters, digits, '-', '_' and '.', not starting with grpc- nor ending in -bin");
        }
        return key;
    }

    private static String checkValue(String key, String value) {
        Objects.requireNonNull(value, "attribute value");
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(
                    "attribute '" + key + "' has a value that is not printable ASCII: '" + value + "'");
        }
        return value;
    }

    public SttScenario withSessionLogging(SessionLogging logging) {
        return with(settings.withLogging(logging));
    }

    /** Name used as the Markdown log title and in log messages. */
    public SttScenario withName(String name) {
        return with(settings.withName(name));
    }

    /**
     * Connections, pacer threads, timeouts, request metadata and where to connect (default
     * {@link GrpcOptions#defaults()}); replaces the options set before.
     */
    public SttScenario withOptions(GrpcOptions options) {
        return with(settings.withOptions(Objects.requireNonNull(options, "options")));
    }

    /** The transport options this scenario runs with. */
    public GrpcOptions options() {
        return settings.options();
    }

    public Audio audio() {
        return audio;
    }

    /** The options' metadata plus the attributes as request metadata (an attribute wins over a header). */
    private DriverSettings withAttributeHeaders() {
        if (attributes.isEmpty()) {
            return settings;
        }
        Map<String, String> headers = new LinkedHashMap<>(settings.options().metadata());
        headers.putAll(attributes);
        return settings.withOptions(settings.options().withMetadata(headers));
    }

    @Override
    public void setUp(ScenarioContext context) {
        StreamDriver<StreamingRecognizeRequest, StreamingRecognizeResponse> d = new StreamDriver<>(
                withAttributeHeaders(),
                (channel, responses) -> SpeechToTextGrpc.newStub(channel).streamingRecognize(responses),
                SttProtocol.INSPECTOR,
                logs,
                Clock.systemUTC());
        script = SttProtocol.script(audio, chunk.toMillis(), speed, language, partials, attributes);
        d.setUp(context);
        driver = d;
    }

    /**
     * Blocking: {@link #start} one session and wait for its end. A failed session fails
     * {@code iteration} (its code) and returns normally.
     *
     * @throws InterruptedException when interrupted (the engine cut the run): the call is cancelled
     */
    @Override
    public void run(Iteration iteration) throws InterruptedException {
        SessionEnd.await(start(iteration));
    }

    /**
     * Opens one session's stream, sends the config and returns without waiting; the pacer sends
     * the audio. The stage completes when the session has ended and is recorded: normally when it
     * got its final result, else with a {@link SessionFailedException} carrying the code the
     * iteration failed with. Cancelling it cancels the call (the server sees CANCELLED, "cut by
     * the end of the run") and records nothing but the session log line.
     *
     * @throws IllegalStateException when the scenario is not set up
     */
    @Override
    public CompletableFuture<Void> start(Iteration iteration) {
        StreamDriver<StreamingRecognizeRequest, StreamingRecognizeResponse> d = driver;
        if (d == null) {
            throw new IllegalStateException(settings.name() + " is not set up: call setUp(..) first (the engine does)");
        }
        return d.start(iteration, script);
    }

    @Override
    public void tearDown() {
        StreamDriver<?, ?> d = driver;
        driver = null;
        if (d != null) {
            d.tearDown();
        }
    }

    @Override
    public String toString() {
        return "SttScenario[" + settings.name() + ", " + audio + ", chunk " + chunk.toMillis() + " ms, "
                + (settings.realtime() ? "speed " + speed + "x" : "as fast as possible") + "]";
    }
}
