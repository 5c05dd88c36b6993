package dev.speechload.server.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The server's counters and gauges. Thread-safe: counters are {@link LongAdder}s, so the
 * STT and TTS hot paths never take a lock to count. Gauges are read from their owners on
 * {@link #snapshot(ProcessStats)}, set once at wiring time with {@link #bindGauges}.
 */
public final class ServerMetrics {

    private final long startedNanos = System.nanoTime();
    private final LongAdder sessionsTotal = new LongAdder();
    private final LongAdder interimResultsTotal = new LongAdder();
    private final LongAdder finalResultsTotal = new LongAdder();
    private final LongAdder partialDropCount = new LongAdder();
    private final LongAdder rateLimitBlocks = new LongAdder();
    private final LongAdder ttsRequestsTotal = new LongAdder();
    private final LongAdder ttsStreamsCompleted = new LongAdder();
    private final LongAdder ttsStreamsAborted = new LongAdder();
    private final LongAdder ttsActiveStreams = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();

    private volatile Gauges gauges = new Gauges(() -> 0, () -> 0, () -> 0);

    /**
     * Where the live gauges come from.
     *
     * @param activeGrpcStreams open STT sessions
     * @param bufferBytes audio bytes held by the server, waiting for or in a decode
     * @param decodePending decodes queued or running
     */
    public record Gauges(IntSupplier activeGrpcStreams, LongSupplier bufferBytes, IntSupplier decodePending) {}

    /** Sets the gauge sources; call once while wiring, before serving. */
    public void bindGauges(Gauges gauges) {
        this.gauges = gauges;
    }

    /** An STT session was accepted. */
    public void sessionStarted() {
        sessionsTotal.increment();
    }

    /** An interim STT result was sent. */
    public void interimResultSent() {
        interimResultsTotal.increment();
    }

    /** A final STT result was sent. */
    public void finalResultSent() {
        finalResultsTotal.increment();
    }

    /** An interim decode was skipped for backpressure (buffer cap, pending cap, busy session). */
    public void partialDropped() {
        partialDropCount.increment();
    }

    /** A stream was ended for sending audio faster than the rate limit. */
    public void rateLimitBlocked() {
        rateLimitBlocks.increment();
    }

    /** A TTS request passed validation. */
    public void ttsRequestAccepted() {
        ttsRequestsTotal.increment();
    }

    /** A TTS SSE stream opened. */
    public void ttsStreamOpened() {
        ttsActiveStreams.increment();
    }

    /** A TTS SSE stream closed; {@code completed} when its {@code done} event was written. */
    public void ttsStreamClosed(boolean completed) {
        ttsActiveStreams.decrement();
        (completed ? ttsStreamsCompleted : ttsStreamsAborted).increment();
    }

    /** An error with a stable code (ERR1xxx TTS, ERR2xxx STT) was answered to a client. */
    public void error(String code) {
        errorsByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** All figures now, with the given process reading. */
    public MetricsSnapshot snapshot(ProcessStats process) {
        Map<String, Long> errors = new TreeMap<>();
        errorsByCode.forEach((code, adder) -> errors.put(code, adder.sum()));
        Gauges g = gauges;
        return new MetricsSnapshot(
                process.residentMemoryBytes() < 0 ? -1 : process.residentMemoryBytes() / (1024.0 * 1024.0),
                process.residentMemoryBytes(),
                process.openFdCount(),
                process.threadCount(),
                (System.nanoTime() - startedNanos) / 1e9,
                new MetricsSnapshot.ActiveStreams(
                        g.activeGrpcStreams().getAsInt(), (int) Math.max(0, ttsActiveStreams.sum())),
                sessionsTotal.sum(),
                errors,
                g.bufferBytes().getAsLong(),
                g.decodePending().getAsInt(),
                partialDropCount.sum(),
                rateLimitBlocks.sum(),
                interimResultsTotal.sum(),
                finalResultsTotal.sum(),
                ttsRequestsTotal.sum(),
                ttsStreamsCompleted.sum(),
                ttsStreamsAborted.sum(),
                process.cpuSeconds());
    }
}
