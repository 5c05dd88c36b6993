package dev.speechload.server.stt;

import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.DecodeTiming;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code StreamingRecognize} stream: config first, then audio; interim results every
 * {@code --partial-interval-ms} of audio when partials are on, and exactly one final result
 * after the last chunk or the client's half-close.
 *
 * <p>Thread-safety: every state change happens under this object's lock, whether it comes from
 * the gRPC inbound thread, a decode worker, the idle sweeper or shutdown. A session has at most
 * one decode in flight, so decodes of one session run in order and its transcriber is used by
 * one thread at a time (hand-over ordered by the lock and the executor).
 *
 * <p>Flow control: the stream is read with manual inbound flow control. After each message the
 * session asks {@link AudioBudget} for the next one; when the global buffer is full the stream
 * is parked (its client sees {@code isReady() == false}) and, if it holds audio, a drain decode
 * is queued so that the buffer keeps emptying even with partials off. A parked stream is not
 * idle through its client's fault: the idle timeout counts only from when the server asked for a
 * message, and the rate limiter is credited the time the stream was held back.
 *
 * <p>Audio accounting: bytes count as buffered from admission until the decode that consumes
 * them finishes, or until the session closes.
 *
 * <p>Decodes: interims are dropped (counted) when the session has a decode in flight or no
 * decode slot is free; finals and drains wait for a slot and are never dropped
 * ({@link DecodePool}).
 *
 * <p>Failures: every way a session ends sends the client a status with a stable code. An
 * unexpected exception, in a gRPC callback or on a decode worker, ends it with INTERNAL/ERR2099
 * and one warning with the cause, never an exception left to gRPC (which would answer UNKNOWN
 * and log nothing of ours). A client that cancelled gets no status and no warning.
 */
final class SttSession implements StreamObserver<StreamingRecognizeRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(SttSession.class);
    private static final int MIN_SAMPLE_RATE_HZ = 8_000;
    private static final int MAX_SAMPLE_RATE_HZ = 48_000;

    private enum State {
        AWAITING_CONFIG,
        STREAMING,
        FINALIZING,
        CLOSED
    }

    /** What a decode is for: an interim result, the final result, or freeing buffer (no result). */
    private enum Kind {
        INTERIM,
        FINAL,
        DRAIN
    }

    /** One decode: a segment of audio and the instants needed for its timing breakdown. */
    private record Decode(byte[] pcm16, Kind kind, long audioEndMs, long oldestAudioNanos, long enqueuedNanos) {
        boolean isFinal() {
            return kind == Kind.FINAL;
        }
    }

    /** Reservation for a session's first audio message: 100 ms of audio, the usual chunk. */
    private static final int FIRST_CHUNK_MS = 100;

    private final SttContext ctx;
    private final ServerCallStreamObserver<StreamingRecognizeResponse> responses;
    private final Map<String, String> headerAttributes;
    private final long id;

    private State state = State.AWAITING_CONFIG;
    private int sampleRateHz;
    private boolean partials;
    private AudioRateLimiter rateLimiter;
    private Transcriber transcriber;
    private final List<byte[]> held = new ArrayList<>();
    private long heldBytes;
    private long oldestHeldNanos;
    private long receivedBytes;
    private long partialIntervalBytes;
    private long nextPartialAtBytes;
    private long lastChunkBytes;
    private boolean decodeInFlight;
    private int nextSequence;
    private final AudioBudget.Ticket ticket;

    SttSession(
            SttContext ctx,
            ServerCallStreamObserver<StreamingRecognizeResponse> responses,
            Map<String, String> headerAttributes,
            long id) {
        this.ctx = ctx;
        this.responses = responses;
        this.headerAttributes = headerAttributes;
        this.id = id;
        this.ticket = ctx.budget().open(() -> responses.request(1));
    }

    /**
     * Hooks client cancellation and takes over inbound flow control (gRPC still asks for the first
     * message); call once, inside the RPC method, after admission.
     */
    void start() {
        responses.setOnCancelHandler(this::onCancelled);
        // gRPC asks for no message at all once its automatic flow control is off: ask for the config.
        responses.disableAutoInboundFlowControl();
        responses.request(1);
    }

    @Override
    public void onNext(StreamingRecognizeRequest request) {
        if (request.hasAudio()) {
            chargeChunkCost();
        }
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            try {
                switch (request.getPayloadCase()) {
                    case CONFIG -> onConfig(request.getConfig());
                    case AUDIO -> onAudio(request.getAudio());
                    default -> failLocked(SttError.BAD_CONFIG, "request carries neither config nor audio");
                }
                if (state == State.STREAMING) {
                    requestNextLocked();
                }
                // FINALIZING: no more messages are wanted; the half-close arrives without asking.
            } catch (RuntimeException e) {
                failInternallyLocked("handling a request", e);
            }
        }
    }

    /**
     * The CPU-cost fault's work for one received chunk. It runs before the session's lock is
     * taken, so it costs CPU (on the gRPC callback thread) without holding up the session's
     * decodes, which need the lock to emit.
     */
    private void chargeChunkCost() {
        try {
            ctx.faults().onMessage();
        } catch (InterruptedException e) {
            // Only a stopping server interrupts callback threads: skip the cost, keep the flag.
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onError(Throwable clientError) {
        // The client cancelled or the transport broke: nobody is listening any more.
        synchronized (this) {
            if (state != State.CLOSED) {
                LOG.debug("session {} ended by client: {}", id, clientError.toString());
                closeLocked();
            }
        }
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            try {
                switch (state) {
                    case AWAITING_CONFIG -> failLocked(SttError.BAD_CONFIG, "stream ended before any config");
                    case STREAMING -> requestFinalLocked();
                    default -> {
                        // FINALIZING: the final is on its way; CLOSED: nothing to do.
                    }
                }
            } catch (RuntimeException e) {
                failInternallyLocked("handling the half-close", e);
            }
        }
    }

    /** Ends the session with an error status unless it has already ended. */
    synchronized void fail(SttError error, String message) {
        failLocked(error, message);
    }

    /**
     * Ends the session with INTERNAL/ERR2099 after an unexpected failure while {@code what}; logs
     * it once at warn with the cause. Safe from any thread; does nothing once the session ended.
     */
    synchronized void failInternally(String what, Throwable cause) {
        failInternallyLocked(what, cause);
    }

    /**
     * Ends the session with ERR2004 when the client has been silent too long since the server
     * asked it for a message. A stream parked by the buffer cap is waiting for the server: never
     * idle.
     */
    void expireIfIdle(long nowNanos, long timeoutNanos) {
        if (ticket.parked() || nowNanos - ticket.askedAtNanos() <= timeoutNanos) {
            return;
        }
        synchronized (this) {
            // While finalizing the client waits for us, not the other way round.
            if ((state == State.AWAITING_CONFIG || state == State.STREAMING)
                    && !ticket.parked()
                    && nowNanos - ticket.askedAtNanos() > timeoutNanos) {
                failLocked(
                        SttError.SESSION_TIMEOUT,
                        "no message from the client for "
                                + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            }
        }
    }

    private void onCancelled() {
        synchronized (this) {
            if (state != State.CLOSED) {
                closeLocked();
            }
        }
    }

    private void onConfig(RecognitionConfig config) {
        if (state != State.AWAITING_CONFIG) {
            failLocked(SttError.BAD_CONFIG, "config may only be sent once, as the first message");
            return;
        }
        int rate = config.getSampleRateHz();
        if (rate < MIN_SAMPLE_RATE_HZ || rate > MAX_SAMPLE_RATE_HZ) {
            failLocked(
                    SttError.BAD_CONFIG,
                    "sample_rate_hz must be between " + MIN_SAMPLE_RATE_HZ + " and " + MAX_SAMPLE_RATE_HZ + ", was "
                            + rate);
            return;
        }
        Map<String, String> attributes = new TreeMap<>(headerAttributes);
        attributes.putAll(config.getAttributesMap());
        sampleRateHz = rate;
        // Load tools commonly switch partials with an attribute (e.g. --attr partial=true).
        partials = config.getPartials()
                || "true".equalsIgnoreCase(attributes.get("partial"))
                || "true".equalsIgnoreCase(attributes.get("partials"));
        SttSettings settings = ctx.settings();
        rateLimiter = new AudioRateLimiter(settings.rateLimitFactor(), settings.rateLimitWindow(), System.nanoTime());
        transcriber = new Transcriber(rate);
        partialIntervalBytes = Math.max(2, (long) rate * 2 * settings.partialIntervalMs() / 1000);
        nextPartialAtBytes = partialIntervalBytes;
        state = State.STREAMING;
        LOG.debug(
                "session {} configured: {} Hz, language {}, partials {}, attributes {}",
                id,
                rate,
                config.getLanguage(),
                partials,
                attributes);
    }

    private void onAudio(AudioChunk chunk) {
        if (state == State.AWAITING_CONFIG) {
            failLocked(SttError.BAD_CONFIG, "the first message must carry config, got audio");
            return;
        }
        if (state == State.FINALIZING) {
            failLocked(SttError.BAD_CONFIG, "audio after the chunk marked last");
            return;
        }
        int length = chunk.getPcm16().size();
        if (length % 2 != 0) {
            failLocked(SttError.BAD_CONFIG, "pcm16 chunk must hold whole 16-bit samples, had " + length + " bytes");
            return;
        }
        long now = System.nanoTime();
        rateLimiter.credit(ctx.budget().takeHeldBackNanos(ticket));
        if (!rateLimiter.tryAcquire(audioNanos(length), now)) {
            ctx.metrics().rateLimitBlocked();
            failLocked(
                    SttError.RATE_LIMITED,
                    "audio sent faster than " + ctx.settings().rateLimitFactor() + "x real time");
            return;
        }
        if (length > 0) {
            if (held.isEmpty()) {
                oldestHeldNanos = now;
            }
            ctx.budget().arrived(ticket, length);
            held.add(chunk.getPcm16().toByteArray());
            heldBytes += length;
            receivedBytes += length;
            lastChunkBytes = length;
            maybeScheduleInterimLocked();
        }
        if (chunk.getLast()) {
            requestFinalLocked();
        }
    }

    /** One decision per crossed interval: decode now, or drop the interim under backpressure. */
    private void maybeScheduleInterimLocked() {
        if (!partials || receivedBytes < nextPartialAtBytes) {
            return;
        }
        while (nextPartialAtBytes <= receivedBytes) {
            nextPartialAtBytes += partialIntervalBytes;
        }
        if (decodeInFlight || !ctx.pool().tryAcquireSlot()) {
            ctx.metrics().partialDropped();
            return;
        }
        submitLocked(Kind.INTERIM);
    }

    /**
     * Asks for the client's next message, or parks the stream when the buffer is full; a parked
     * stream that holds audio queues a drain decode so that its audio, too, frees room.
     */
    private void requestNextLocked() {
        long estimate = lastChunkBytes > 0 ? lastChunkBytes : (long) sampleRateHz * 2 * FIRST_CHUNK_MS / 1000;
        if (!ctx.budget().requestNext(ticket, estimate)) {
            maybeDrainLocked();
        }
    }

    private void maybeDrainLocked() {
        if (state == State.STREAMING && !decodeInFlight && heldBytes > 0 && ticket.parked()) {
            submitLocked(Kind.DRAIN);
        }
    }

    private void requestFinalLocked() {
        state = State.FINALIZING;
        // No more messages are wanted: what was reserved for the next one is free again.
        ctx.budget().arrived(ticket, 0);
        if (!decodeInFlight) {
            submitLocked(Kind.FINAL);
        }
        // Otherwise the decode in flight submits the final when it finishes.
    }

    private void submitLocked(Kind kind) {
        long now = System.nanoTime();
        ByteArrayOutputStream segment = new ByteArrayOutputStream((int) heldBytes);
        for (byte[] part : held) {
            segment.writeBytes(part);
        }
        Decode decode = new Decode(
                segment.toByteArray(), kind, audioMillis(receivedBytes), held.isEmpty() ? now : oldestHeldNanos, now);
        held.clear();
        heldBytes = 0;
        decodeInFlight = true;
        try {
            if (kind == Kind.INTERIM) {
                ctx.pool().runOnSlot(() -> run(decode));
            } else {
                ctx.pool().runWhenFree(() -> run(decode));
            }
        } catch (RejectedExecutionException stopped) {
            // The pool is closed: the server is stopping and this decode will never run.
            decodeInFlight = false;
            ctx.budget().release(decode.pcm16().length);
            failLocked(SttError.SHUTTING_DOWN, "decode refused: server is stopping");
        }
    }

    /** Runs on a decode worker. */
    private void run(Decode decode) {
        boolean released = false;
        try {
            synchronized (this) {
                if (state == State.CLOSED) {
                    // Ended while the decode waited: nobody wants its result.
                    decodeInFlight = false;
                    return;
                }
            }
            ctx.faults().beforeWork();
            long startNanos = System.nanoTime();
            ctx.engine().decode(transcriber, decode.pcm16(), sampleRateHz, decode.isFinal());
            long decodedNanos = System.nanoTime();
            // Consumed: free the room before the result goes out, so parked streams resume at once.
            ctx.budget().release(decode.pcm16().length);
            released = true;
            ctx.faults().beforeEmit(decodedNanos - startNanos);
            emit(decode, startNanos, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(SttError.SHUTTING_DOWN, "decode interrupted: server is stopping");
        } catch (RuntimeException | Error e) {
            // Nothing else would end the call: the client would wait for a final that never comes.
            failInternally("decoding", e);
            if (e instanceof VirtualMachineError vmError) {
                throw vmError;
            }
        } finally {
            if (!released) {
                ctx.budget().release(decode.pcm16().length);
            }
        }
    }

    private void emit(Decode decode, long startNanos, long inferredNanos) {
        synchronized (this) {
            decodeInFlight = false;
            if (state == State.CLOSED) {
                return;
            }
            if (decode.kind() == Kind.DRAIN) {
                if (state == State.FINALIZING) {
                    submitLocked(Kind.FINAL);
                } else {
                    maybeDrainLocked();
                }
                return;
            }
            long emitNanos = System.nanoTime();
            long bufferWaitUs = micros(decode.enqueuedNanos() - decode.oldestAudioNanos());
            long queueWaitUs = micros(startNanos - decode.enqueuedNanos());
            long inferenceUs = micros(inferredNanos - startNanos);
            long emitUs = micros(emitNanos - inferredNanos);
            RecognitionResult result = RecognitionResult.newBuilder()
                    .setIsFinal(decode.isFinal())
                    .setTranscript(transcriber.transcript())
                    .setAudioStartMs(0)
                    .setAudioEndMs(decode.audioEndMs())
                    .setSequence(nextSequence++)
                    .setTiming(DecodeTiming.newBuilder()
                            .setBufferWaitUs(bufferWaitUs)
                            .setQueueWaitUs(queueWaitUs)
                            .setInferenceUs(inferenceUs)
                            .setResponseEmitUs(emitUs)
                            .setTotalUs(bufferWaitUs + queueWaitUs + inferenceUs + emitUs))
                    .build();
            try {
                responses.onNext(StreamingRecognizeResponse.newBuilder()
                        .setResult(result)
                        .build());
                if (decode.isFinal()) {
                    ctx.metrics().finalResultSent();
                    responses.onCompleted();
                    closeLocked();
                    return;
                }
                ctx.metrics().interimResultSent();
            } catch (RuntimeException e) {
                if (responses.isCancelled()) {
                    // The client cancelled between our check and the send: nobody to tell.
                    LOG.debug("session {} cancelled by the client before its result went out", id);
                    closeLocked();
                } else {
                    failInternallyLocked("sending a result", e);
                }
                return;
            }
            if (state == State.FINALIZING) {
                submitLocked(Kind.FINAL);
            } else {
                maybeDrainLocked();
            }
        }
    }

    private void failLocked(SttError error, String message) {
        if (state == State.CLOSED) {
            return;
        }
        ctx.metrics().error(error.code());
        LOG.debug("session {} failed: {} {}", id, error.code(), message);
        // Free the slot and the audio first: a client that reads the metrics after the status
        // must see them released.
        closeLocked();
        try {
            responses.onError(error.toException(message));
        } catch (RuntimeException alreadyClosed) {
            // Cancelled by the client meanwhile; the status has nobody to go to.
        }
    }

    private void failInternallyLocked(String what, Throwable cause) {
        if (state == State.CLOSED) {
            LOG.debug("session {}: {} failed after the session ended: {}", id, what, cause.toString());
            return;
        }
        LOG.warn("session {}: {} failed; ending it with {}", id, what, SttError.INTERNAL.code(), cause);
        failLocked(SttError.INTERNAL, what + " failed: " + cause.getClass().getSimpleName());
    }

    private void closeLocked() {
        state = State.CLOSED;
        long discarded = heldBytes;
        held.clear();
        heldBytes = 0;
        ctx.budget().close(ticket);
        ctx.budget().release(discarded);
        ctx.registry().remove(this);
    }

    private long audioNanos(long bytes) {
        return (long) ((bytes / 2) * 1e9 / sampleRateHz);
    }

    private long audioMillis(long bytes) {
        return (bytes / 2) * 1000L / sampleRateHz;
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }
}
