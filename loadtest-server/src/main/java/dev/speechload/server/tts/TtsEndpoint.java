package dev.speechload.server.tts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text-to-speech HTTP endpoint: {@code POST /v1/tts} with a JSON body
 * {@code {"text": "...", "voice": "..."}} ({@code voice} optional) and
 * {@code GET /v1/tts?text=...&voice=...}, both answered with a server-sent event stream (see the
 * package documentation for the events and error codes).
 *
 * <p>Thread-safe: one instance serves all requests. Each stream runs on the HTTP server's
 * executor thread that took the request, and that thread is busy until the stream ends, so the
 * server needs an executor with at least as many threads as concurrent streams (the JDK
 * default, no executor, would serve one stream at a time on the dispatcher thread). Chunk
 * generation runs on a pool of daemon threads owned by this endpoint (one busy thread per
 * stream at most; idle threads end after 30 s), so that the chunk timeout can interrupt it.
 *
 * <p>Lifecycle: {@link #register} once, {@link #beginShutdown()} when the server begins to stop,
 * wait until {@link #activeStreams()} is 0 (or a grace period ends), then
 * {@link #cutStreams(String)}, wait a little for the streams to write their error event, and
 * stop the server.
 */
public final class TtsEndpoint {

    /** The path served. */
    public static final String PATH = "/v1/tts";

    private static final Logger LOG = LoggerFactory.getLogger(TtsEndpoint.class);
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+\\-]{0,63}");
    private static final int BODY_BYTES_PER_CHAR = 6; // the longest JSON escape of one UTF-16 unit
    private static final int BODY_OVERHEAD_BYTES = 64 * 1024;
    /** An oversized body up to this size is read and dropped before the 413 (see readBody). */
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

    private final TtsSettings settings;
    private final TtsHooks hooks;
    private final TtsEngine engine;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ExecutorService synthesisPool;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final CompletableFuture<String> cut = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    /**
     * @param settings the settings, not null
     * @param hooks the wiring's callbacks, not null (use {@link TtsHooks#NONE} for none)
     * @throws IllegalStateException if the engine cannot run here, e.g. engine {@code "espeak"}
     *     without {@code espeak-ng} on the PATH; the message says how to install it
     */
    public TtsEndpoint(TtsSettings settings, TtsHooks hooks) {
        this(settings, hooks, createEngine(settings));
    }

    /** With a given engine; for tests. */
    TtsEndpoint(TtsSettings settings, TtsHooks hooks, TtsEngine engine) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hooks = new GuardedHooks(hooks);
        this.engine = Objects.requireNonNull(engine, "engine");
        this.synthesisPool = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads());
    }

    private static TtsEngine createEngine(TtsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (TtsSettings.ENGINE_ESPEAK.equals(settings.engine())) {
            return EspeakEngine.create();
        }
        return new SyntheticEngine(settings.sampleRateHz(), settings.realTimeFactor());
    }

    /**
     * Adds the {@value #PATH} context to {@code server}.
     *
     * @throws IllegalArgumentException if the server already has a context at that path
     */
    public void register(HttpServer server) {
        server.createContext(PATH, this::handle);
    }

    /**
     * From now on new requests get 503 with {@code ERR1005}; streams in flight continue to their
     * end. Idempotent, thread-safe.
     */
    public void beginShutdown() {
        shuttingDown = true;
    }

    /**
     * Ends every open stream with an {@code ERR1005} error event carrying {@code message}: a
     * stream waiting for its next chunk ends at once, one writing audio before its next event.
     * A stream whose client does not read cannot take the event and stays until the server
     * closes its connection. Also refuses new requests, as {@link #beginShutdown()}.
     * Thread-safe; only the first call's message is used.
     */
    public void cutStreams(String message) {
        Objects.requireNonNull(message, "message");
        shuttingDown = true;
        cut.complete(message);
    }

    /** Streams open right now (response started, not yet closed); thread-safe. */
    public int activeStreams() {
        return activeStreams.get();
    }

    /** A request refused before streaming. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final TtsError error;
        private final int httpStatus;

        Refusal(TtsError error, String message) {
            this(error, error.httpStatus(), message);
        }

        Refusal(TtsError error, int httpStatus, String message) {
            super(message, null, false, false);
            this.error = error;
            this.httpStatus = httpStatus;
        }
    }

    private record Request(String text, String voice) {}

    private void handle(HttpExchange exchange) {
        try {
            Request request = parse(exchange);
            long startNanos = System.nanoTime();
            hooks.requestAccepted();
            stream(exchange, request, startNanos);
        } catch (Refusal refusal) {
            refuse(exchange, refusal.error, refusal.httpStatus, refusal.getMessage());
        } catch (IOException e) {
            LOG.debug("TTS request ended by the client: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("TTS request failed", e);
            refuse(exchange, TtsError.SYNTHESIS_FAILED, 500, "internal error");
        } finally {
            exchange.close();
        }
    }

    private Request parse(HttpExchange exchange) throws Refusal, IOException {
        String path = exchange.getRequestURI().getPath();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            throw new Refusal(TtsError.BAD_REQUEST, 404, "no such path: " + path + " (use " + PATH + ")");
        }
        if (shuttingDown) {
            throw new Refusal(TtsError.SHUTTING_DOWN, "server is shutting down; retry elsewhere");
        }
        String method = exchange.getRequestMethod();
        Request request;
        if ("POST".equals(method)) {
            request = fromJson(readBody(exchange));
        } else if ("GET".equals(method)) {
            request = fromQuery(exchange.getRequestURI().getRawQuery());
        } else {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            throw new Refusal(TtsError.BAD_REQUEST, 405, "method " + method + " not allowed; use GET or POST");
        }
        String text = request.text();
        if (TextSplitter.isBlank(text)) {
            throw new Refusal(TtsError.EMPTY_TEXT, "text is empty or whitespace only");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > settings.maxTextChars()) {
            throw new Refusal(
                    TtsError.TEXT_TOO_LONG,
                    "text has " + chars + " characters, over the limit" + " of " + settings.maxTextChars()
                            + " characters (maxTextChars)");
        }
        if (request.voice() != null && !VOICE.matcher(request.voice()).matches()) {
            throw new Refusal(
                    TtsError.BAD_REQUEST,
                    "voice must be 1 to 64 letters, digits, '_', '+'" + " or '-', starting with a letter or digit");
        }
        return request;
    }

    private byte[] readBody(HttpExchange exchange) throws Refusal, IOException {
        long limit = Math.min(
                Integer.MAX_VALUE - 16, (long) settings.maxTextChars() * BODY_BYTES_PER_CHAR + BODY_OVERHEAD_BYTES);
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > limit) {
                    // Read what the client is still sending before answering: closing on an unread body
                    // resets the connection, and a client busy sending then sees the reset, not the 413.
                    if (length <= MAX_DRAIN_BYTES) {
                        drain(exchange);
                    }
                    throw bodyTooLarge(limit);
                }
            } catch (NumberFormatException e) {
                // the HTTP server has checked the header already; read and see
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw bodyTooLarge(limit);
            }
            return body;
        }
    }

    private static void drain(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            LOG.debug("could not read an oversized TTS request body to its end: {}", e.toString());
        }
    }

    private Refusal bodyTooLarge(long limit) {
        return new Refusal(
                TtsError.TEXT_TOO_LONG,
                "request body is over the limit of " + limit + " bytes for a text of at most " + settings.maxTextChars()
                        + " characters (maxTextChars)");
    }

    private Request fromJson(byte[] body) throws Refusal {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Refusal(
                    TtsError.BAD_REQUEST,
                    "malformed JSON"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + "; expected {\"text\": \"...\", \"voice\": \"...\" (optional)}");
        } catch (IOException e) {
            throw new Refusal(TtsError.BAD_REQUEST, "unreadable request body");
        }
        if (root == null || !root.isObject()) {
            throw new Refusal(
                    TtsError.BAD_REQUEST,
                    "request body must be a JSON object"
                            + " {\"text\": \"...\"}, was "
                            + (root == null || root.isMissingNode()
                                    ? "empty"
                                    : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        JsonNode text = root.get("text");
        if (text == null || text.isNull()) {
            throw new Refusal(TtsError.BAD_REQUEST, "missing field 'text' (a string)");
        }
        if (!text.isTextual()) {
            throw new Refusal(
                    TtsError.BAD_REQUEST,
                    "field 'text' must be a string, was "
                            + text.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode voice = root.get("voice");
        if (voice != null && !voice.isNull() && !voice.isTextual()) {
            throw new Refusal(TtsError.BAD_REQUEST, "field 'voice' must be a string");
        }
        return new Request(text.textValue(), voice == null || voice.isNull() ? null : voice.textValue());
    }

    private static Request fromQuery(String rawQuery) throws Refusal {
        String text = null;
        String voice = null;
        if (rawQuery != null) {
            try {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if ("text".equals(name) && text == null) {
                        text = value;
                    } else if ("voice".equals(name) && voice == null && !value.isEmpty()) {
                        voice = value;
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new Refusal(TtsError.BAD_REQUEST, "malformed query string (bad percent-encoding)");
            }
        }
        if (text == null) {
            throw new Refusal(TtsError.BAD_REQUEST, "missing query parameter 'text'");
        }
        return new Request(text, voice);
    }

    private void stream(HttpExchange exchange, Request request, long startNanos) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        activeStreams.incrementAndGet();
        hooks.streamOpened();
        boolean completed = false;
        OutputStream body = exchange.getResponseBody();
        SseWriter sse = new SseWriter(body, lastEventId(exchange));
        try {
            completed = new TtsStream(json, settings, engine, hooks, synthesisPool, cut)
                    .run(sse, request.text(), request.voice(), startNanos);
        } catch (IOException e) {
            LOG.debug("TTS client went away mid-stream: {}", e.toString());
        } catch (InterruptedException e) {
            LOG.debug("TTS stream interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("TTS stream failed", e);
            hooks.error(TtsError.SYNTHESIS_FAILED.code());
            try {
                sse.unnumberedEvent(
                        "error",
                        "{\"code\":\"" + TtsError.SYNTHESIS_FAILED.code() + "\",\"message\":\"internal error\"}");
            } catch (IOException ignored) {
                // the client is gone as well
            }
        } finally {
            exchange.close();
            activeStreams.decrementAndGet();
            hooks.streamClosed(completed);
        }
    }

    private static long lastEventId(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            LOG.debug("ignoring non-numeric Last-Event-ID {}", header);
            return 0;
        }
    }

    private void refuse(HttpExchange exchange, TtsError error, int status, String message) {
        hooks.error(error.code());
        String method = exchange.getRequestMethod();
        try {
            ObjectNode body = json.createObjectNode();
            body.putObject("error").put("code", error.code()).put("message", message);
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            LOG.debug("could not send TTS error {} to the client: {}", error.code(), e.toString());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "tts-synth-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
