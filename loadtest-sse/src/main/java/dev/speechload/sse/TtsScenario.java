package dev.speechload.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.io.internal.Json;
import dev.speechload.sse.internal.JsonEvents;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The SSE scenario preset for speechload's reference TTS server (and servers speaking its
 * protocol): {@code POST /v1/tts} with {@code {"text": ..., "voice": ...}} (or
 * {@code GET /v1/tts?text=}), counting {@code audio} events, ending on {@code done}, failing on
 * {@code error} events with the server's code (ERR1004, ERR1006...), measuring the audio of
 * each {@code audio} event ({@code samples} at {@code sample_rate_hz}), requiring increasing ids,
 * and checking that {@code done} carries JSON.
 *
 * <pre>{@code
 * TtsScenario tts = TtsScenario.create(TextSource.cycling(texts))
 *         .withOptions(SseOptions.defaults()
 *                 .withReadTimeout(Duration.ofSeconds(15))
 *                 .withReconnect(true));
 * }</pre>
 *
 * <p>Immutable configuration (every {@code with...} returns a new preset); run like any
 * {@link AsyncScenario}: like {@link SseScenario}, an open stream holds no channel thread.
 * Everything of {@link SseScenario} applies: transport options through {@link #withOptions},
 * anything else of the generic scenario through {@link #withSseScenario}.
 */
public final class TtsScenario implements AsyncScenario {

    /** The reference server's TTS path. */
    public static final String PATH = "/v1/tts";
    /** The reference server's default sample rate, used when an audio event does not state one. */
    public static final int DEFAULT_SAMPLE_RATE_HZ = 16_000;

    private final TextSource texts;
    private final String pathOrUrl;
    private final String voice;
    private final boolean get;
    private final int sampleRateHz;
    private final SseOptions options;
    private final UnaryOperator<SseScenario> changes;
    private volatile SseScenario active;

    private TtsScenario(
            TextSource texts,
            String pathOrUrl,
            String voice,
            boolean get,
            int sampleRateHz,
            SseOptions options,
            UnaryOperator<SseScenario> changes) {
        this.texts = texts;
        this.pathOrUrl = pathOrUrl;
        this.voice = voice;
        this.get = get;
        this.sampleRateHz = sampleRateHz;
        this.options = options;
        this.changes = changes;
    }

    /** Sends {@code texts}' text for each iteration. */
    public static TtsScenario create(TextSource texts) {
        return new TtsScenario(
                Objects.requireNonNull(texts, "texts"),
                PATH,
                null,
                false,
                DEFAULT_SAMPLE_RATE_HZ,
                SseOptions.defaults(),
                UnaryOperator.identity());
    }

    /** Sends {@code text} on every iteration. */
    public static TtsScenario create(String text) {
        return create(TextSource.constant(text));
    }

    /** Cycles through {@code texts} (see {@link TextSource#cycling}). */
    public static TtsScenario create(List<String> texts) {
        return create(TextSource.cycling(texts));
    }

    /** The path (resolved against the target's {@code http} endpoint) or absolute URL; default {@value #PATH}. */
    public TtsScenario withPath(String newPathOrUrl) {
        return new TtsScenario(
                texts, Objects.requireNonNull(newPathOrUrl, "pathOrUrl"), voice, get, sampleRateHz, options, changes);
    }

    /** The {@code voice} field (e.g. {@code en-us}); default none (the server's default). */
    public TtsScenario withVoice(String newVoice) {
        return new TtsScenario(
                texts, pathOrUrl, Objects.requireNonNull(newVoice, "voice"), get, sampleRateHz, options, changes);
    }

    /** When true, uses {@code GET ?text=&voice=} (what a browser EventSource sends) instead of POST JSON. */
    public TtsScenario withGet(boolean useGet) {
        return new TtsScenario(texts, pathOrUrl, voice, useGet, sampleRateHz, options, changes);
    }

    /** The sample rate assumed for audio events without {@code sample_rate_hz} (default 16,000 Hz); &gt; 0. */
    public TtsScenario withSampleRateHz(int rateHz) {
        if (rateHz <= 0) {
            throw new IllegalArgumentException("TtsScenario.withSampleRateHz: must be > 0, was " + rateHz);
        }
        return new TtsScenario(texts, pathOrUrl, voice, get, rateHz, options, changes);
    }

    /** See {@link SseScenario#withListener}. */
    public TtsScenario withListener(SseListener listener) {
        Objects.requireNonNull(listener, "listener");
        return withSseScenario(s -> s.withListener(listener));
    }

    /**
     * Timeouts, reconnection, the event size cap, redirects and headers (default
     * {@link SseOptions#defaults()}); replaces the options set before. A TTS stream always ends
     * with its {@code done} event, so {@link SseOptions#streamTimeout} bounds it.
     */
    public TtsScenario withOptions(SseOptions newOptions) {
        return new TtsScenario(
                texts, pathOrUrl, voice, get, sampleRateHz, Objects.requireNonNull(newOptions, "options"), changes);
    }

    /** The options this preset runs with. */
    public SseOptions options() {
        return options;
    }

    /**
     * Changes the {@link SseScenario} after the preset's own settings and options (e.g.
     * {@code s -> s.withMetricPrefix("tts")}); changes accumulate.
     */
    public TtsScenario withSseScenario(UnaryOperator<SseScenario> more) {
        Objects.requireNonNull(more, "change");
        UnaryOperator<SseScenario> before = changes;
        UnaryOperator<SseScenario> combined = s -> more.apply(before.apply(s));
        toSseScenario(combined); // fail now, not at set-up, when a change is invalid
        return new TtsScenario(texts, pathOrUrl, voice, get, sampleRateHz, options, combined);
    }

    /** The generic scenario this preset runs. */
    public SseScenario toSseScenario() {
        return toSseScenario(changes);
    }

    /** Opens streams outside the engine; see {@link SseScenario#open}. */
    public SseSession open(URI baseUrl, int concurrentStreams) {
        return toSseScenario().open(baseUrl, concurrentStreams);
    }

    @Override
    public void setUp(ScenarioContext context) throws Exception {
        SseScenario s = toSseScenario();
        s.setUp(context);
        active = s;
    }

    /** Starts one stream; see {@link SseScenario#start}. */
    @Override
    public CompletableFuture<Void> start(Iteration iteration) {
        SseScenario s = active;
        if (s == null) {
            throw new IllegalStateException("TtsScenario is not set up: call setUp(..) first (the engine does)");
        }
        return s.start(iteration);
    }

    /** Runs one stream and waits for it; see {@link SseScenario#run}. */
    @Override
    public void run(Iteration iteration) throws Exception {
        AsyncScenario.super.run(iteration);
    }

    @Override
    public void tearDown() throws Exception {
        SseScenario s = active;
        active = null;
        if (s != null) {
            s.tearDown();
        }
    }

    private SseScenario toSseScenario(UnaryOperator<SseScenario> change) {
        SseScenario base;
        if (get) {
            base = SseScenario.get(pathOrUrl).withQueryParameter("text", texts);
            if (voice != null) {
                String v = voice;
                base = base.withQueryParameter("voice", (c, i) -> v);
            }
        } else {
            base = SseScenario.post(
                    pathOrUrl, "application/json; charset=utf-8", (c, i) -> body(texts.text(c, i), voice));
        }
        base = base.withCountedEvents(e -> e.is("audio"))
                .withEndEvent(e -> e.is("done"))
                .withFailureEvent(
                        e -> e.is("error"),
                        e -> JsonEvents.field(e.data(), "code"),
                        e -> JsonEvents.field(e.data(), "message"))
                .withAudioEvents(e -> e.is("audio"), sampleRateHz)
                .withIncreasingIds(true)
                .withEventCheck(e -> e.is("done") ? JsonEvents.jsonProblem(e) : null);
        return change.apply(base.withOptions(options));
    }

    /** The POST body: {@code {"text": text}} plus {@code "voice"} when set. */
    static String body(String text, String voice) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("text", Objects.requireNonNull(text, "the TextSource returned null"));
        if (voice != null) {
            node.put("voice", voice);
        }
        try {
            return Json.mapper()
                    .writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
    }
}
