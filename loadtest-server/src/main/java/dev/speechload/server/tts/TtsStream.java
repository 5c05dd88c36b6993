package dev.speechload.server.tts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthesizes and streams one accepted request: split, then for each chunk generate (on the
 * synthesis pool, bounded by the chunk timeout) and write a {@code chunk} event and its
 * {@code audio} frames, then {@code done}. Writes on the calling (HTTP) thread, flushing every
 * event, so at most one chunk's audio is held at a time. Single use, not thread-safe.
 *
 * <p>While it waits for a chunk, the stream writes a heartbeat comment after every
 * {@link #HEARTBEAT_MILLIS} of silence: a client that went away is only noticed by a write, and
 * without one the thread would stay until the chunk (or its timeout) came. When the endpoint
 * cuts its streams (the shutdown grace is over), the stream ends at its next event, or at once
 * while it waits, with an {@code ERR1005} error event.
 */
final class TtsStream {

    private static final Logger LOG = LoggerFactory.getLogger(TtsStream.class);

    /** Audio per {@code audio} event. */
    static final int FRAME_MILLIS = 100;

    /**
     * Silence after which a waiting stream writes a heartbeat comment. The first write after the
     * client closed may still succeed (the peer's reset comes back after it), the second fails:
     * an abandoned stream is freed within two of these.
     */
    static final long HEARTBEAT_MILLIS = 1_000;

    private final ObjectMapper json;
    private final TtsSettings settings;
    private final TtsEngine engine;
    private final TtsHooks hooks;
    private final ExecutorService synthesisPool;
    private final CompletableFuture<String> cut;

    /**
     * @param cut completed with a message when the endpoint ends every open stream (the server's
     *     shutdown grace is over); never completed otherwise
     */
    TtsStream(
            ObjectMapper json,
            TtsSettings settings,
            TtsEngine engine,
            TtsHooks hooks,
            ExecutorService synthesisPool,
            CompletableFuture<String> cut) {
        this.json = json;
        this.settings = settings;
        this.engine = engine;
        this.hooks = hooks;
        this.synthesisPool = synthesisPool;
        this.cut = cut;
    }

    /** A failure thrown by {@link TtsHooks#beforeChunk()}: an injected fault, not a bug. */
    private static final class HookFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HookFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /** What ended a stream early: the error code and its message. */
    private static final class StreamError extends Exception {
        private static final long serialVersionUID = 1L;
        private final TtsError error;

        StreamError(TtsError error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }

    /**
     * Writes the whole stream to {@code sse}.
     *
     * @return true if the {@code done} event was written, false if an error event ended it
     * @throws IOException if the client went away
     * @throws InterruptedException if the calling thread was interrupted
     */
    boolean run(SseWriter sse, String text, String voice, long startNanos) throws IOException, InterruptedException {
        List<String> chunks = TextSplitter.split(text, settings.maxChars());
        long frames = 0;
        long audioNanos = 0;
        try {
            for (int c = 0; c < chunks.size(); c++) {
                String chunk = chunks.get(c);
                checkNotCut();
                TtsEngine.Pcm pcm = generate(sse, c, chunk, voice);
                short[] samples = pcm.samples();
                int frameSamples = Math.max(1, pcm.sampleRateHz() * FRAME_MILLIS / 1000);
                int chunkFrames = (samples.length + frameSamples - 1) / frameSamples;
                ObjectNode chunkEvent = json.createObjectNode()
                        .put("chunk", c)
                        .put("chars", chunk.codePointCount(0, chunk.length()))
                        .put("frames", chunkFrames)
                        .put("audio_ms", pcm.durationMillis())
                        .put("sample_rate_hz", pcm.sampleRateHz())
                        .put("text", chunk);
                writeEvent(sse, "chunk", json.writeValueAsString(chunkEvent));
                byte[] frameBytes = new byte[frameSamples * 2];
                ByteBuffer le = ByteBuffer.wrap(frameBytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int f = 0; f < chunkFrames; f++) {
                    checkNotCut();
                    if (sse.skipsNext()) {
                        sse.skip();
                        continue;
                    }
                    hooks.beforeEvent();
                    int from = f * frameSamples;
                    int n = Math.min(frameSamples, samples.length - from);
                    le.clear();
                    for (int s = 0; s < n; s++) {
                        le.putShort(samples[from + s]);
                    }
                    String pcm16 = Base64.getEncoder()
                            .encodeToString(n == frameSamples ? frameBytes : Arrays.copyOf(frameBytes, n * 2));
                    sse.event(
                            "audio",
                            "{\"chunk\":" + c + ",\"frame\":" + f + ",\"samples\":" + n + ",\"sample_rate_hz\":"
                                    + pcm.sampleRateHz() + ",\"pcm16\":\"" + pcm16 + "\"}");
                }
                frames += chunkFrames;
                audioNanos += samples.length * 1_000_000_000L / pcm.sampleRateHz();
            }
        } catch (StreamError e) {
            hooks.error(e.error.code());
            ObjectNode error =
                    json.createObjectNode().put("code", e.error.code()).put("message", e.getMessage());
            sse.unnumberedEvent("error", json.writeValueAsString(error));
            return false;
        }
        ObjectNode done = json.createObjectNode()
                .put("chunks", chunks.size())
                .put("frames", frames)
                .put("audio_ms", audioNanos / 1_000_000)
                .put("chars", text.codePointCount(0, text.length()))
                .put("elapsed_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        writeEvent(sse, "done", json.writeValueAsString(done));
        return true;
    }

    /** Writes one replayable event; the hooks see it first unless the client already has it. */
    private void writeEvent(SseWriter sse, String type, String data) throws IOException, InterruptedException {
        if (!sse.skipsNext()) {
            hooks.beforeEvent();
        }
        sse.event(type, data);
    }

    /** Ends the stream with {@code ERR1005} once the endpoint has cut its streams. */
    private void checkNotCut() throws StreamError {
        String message = cut.getNow(null);
        if (message != null) {
            throw new StreamError(TtsError.SHUTTING_DOWN, message);
        }
    }

    /**
     * Generates one chunk on the synthesis pool and waits for it, up to the chunk timeout, while
     * writing heartbeats into silence and watching for the endpoint's cut. The generating thread
     * is interrupted whenever the stream stops waiting without the chunk.
     */
    private TtsEngine.Pcm generate(SseWriter sse, int index, String chunk, String voice)
            throws StreamError, IOException, InterruptedException {
        CompletableFuture<TtsEngine.Pcm> result = new CompletableFuture<>();
        Future<?> task = synthesisPool.submit(() -> {
            try {
                result.complete(synthesize(chunk, voice));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        CompletableFuture<Object> resultOrCut = CompletableFuture.anyOf(result, cut);
        long deadline = System.nanoTime() + settings.chunkTimeout().toNanos();
        try {
            while (!resultOrCut.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StreamError(
                            TtsError.CHUNK_TIMEOUT,
                            "chunk " + index + " was not generated" + " within "
                                    + settings.chunkTimeout().toMillis() + " ms (chunkTimeout)");
                }
                try {
                    resultOrCut.get(
                            Math.min(left, TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException silence) {
                    sse.heartbeat();
                } catch (ExecutionException failed) {
                    break; // the synthesis failed: result.get() below says how
                }
            }
            if (!result.isDone()) {
                checkNotCut();
            }
            return result.get();
        } catch (ExecutionException e) {
            throw synthesisFailure(index, e.getCause());
        } finally {
            if (!result.isDone()) {
                task.cancel(true);
            }
        }
    }

    /** Runs on the synthesis pool: the hooks around the engine, timed. */
    private TtsEngine.Pcm synthesize(String chunk, String voice) throws Exception {
        try {
            hooks.beforeChunk();
        } catch (RuntimeException e) {
            throw new HookFailure(e);
        }
        long startNanos = System.nanoTime();
        TtsEngine.Pcm pcm = engine.synthesize(chunk, voice);
        try {
            hooks.afterChunk(System.nanoTime() - startNanos);
        } catch (RuntimeException e) {
            throw new HookFailure(e);
        }
        return pcm;
    }

    private StreamError synthesisFailure(int index, Throwable cause) {
        if (cause instanceof HookFailure) {
            cause = cause.getCause();
            LOG.debug("TtsHooks.beforeChunk failed chunk {}: {}", index, cause.toString());
        } else if (cause instanceof IOException) {
            LOG.info("TTS engine {} failed on chunk {}: {}", engine.name(), index, cause.getMessage());
        } else {
            LOG.warn("TTS synthesis of chunk {} failed", index, cause);
        }
        return new StreamError(
                TtsError.SYNTHESIS_FAILED, "chunk " + index + " could not be synthesized: " + describe(cause));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
