package dev.speechload.sse;

import dev.speechload.core.engine.Iteration;
import dev.speechload.sse.internal.GapBuffer;
import dev.speechload.sse.internal.SseStream;
import dev.speechload.sse.internal.StreamMetrics;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage {@link SseScenario#start} hands the engine for one stream. It completes once: when
 * the stream settles by itself (end event, failure, stall, bound), after what the stream saw and
 * how it ended are recorded into the iteration, normally or with {@link SseStreamException}; or
 * when the engine cancels it at the run's end, after the stream is cut (its call cancelled) and
 * what it saw is recorded, but no completion. Either way every figure is in the iteration before
 * the engine sees the stage end. The stream's lock orders the two paths: a cancel that comes
 * after the stream settled changes nothing. Thread-safe. Not API.
 */
final class StreamEnd extends CompletableFuture<Void> implements SseStream.Settled {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEnd.class);

    private final Iteration iteration;
    private final StreamMetrics metrics;
    private final GapBuffer gaps;
    private final String target;
    private volatile SseStream stream;

    StreamEnd(Iteration iteration, StreamMetrics metrics, GapBuffer gaps, String target) {
        this.iteration = iteration;
        this.metrics = metrics;
        this.gaps = gaps;
        this.target = target;
    }

    /** The stream this stage ends with; set before the stream starts (and before the stage is handed out). */
    void of(SseStream s) {
        stream = s;
    }

    /** Called once by the stream, under its lock, by whichever thread settled it. */
    @Override
    public void settled(StreamOutcome outcome) {
        try {
            recordSeen(outcome);
            if (outcome.cut()) {
                return; // cancel(..) completes the stage once the call is cancelled
            }
            recordEnd(outcome);
            if (!outcome.ok()) {
                iteration.fail(outcome.errorCode());
            }
        } catch (RuntimeException e) {
            // A metric the iteration does not know, say: the iteration fails with it rather than
            // leaving the stage (and the engine waiting for it) open.
            if (outcome.cut()) {
                LOG.warn("recording a stream cut at the run's end failed", e);
            } else {
                completeExceptionally(e);
            }
            return;
        }
        if (outcome.ok()) {
            complete(null);
        } else {
            completeExceptionally(new SseStreamException(target, outcome));
        }
    }

    /**
     * The run's end (or an interrupt of a thread waiting in {@link SseScenario#run}) cuts the
     * stream: its call is cancelled, what it saw is recorded, then the stage is cancelled. False
     * when the stream had already ended by itself: its own outcome stands.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        SseStream s = stream;
        if (s == null
                || !s.cut(
                        "the stream was cut before it ended (the run's end after its grace period, or an interrupt)")) {
            return isCancelled();
        }
        LOG.debug("{}: stream of channel {} cut by the end of the run", target, iteration.channel());
        return super.cancel(mayInterruptIfRunning);
    }

    /** What any stream saw, ended or cut: events, bytes, reconnections, audio, gaps, first event. */
    private void recordSeen(StreamOutcome o) {
        iteration.add(metrics.events, o.events());
        iteration.add(metrics.bytes, o.bytes());
        iteration.add(metrics.reconnects, o.reconnects());
        iteration.add(metrics.audioMillis, Math.round(o.audioMillis()));
        gaps.flush();
        if (o.timeToFirstEventNanos() >= 0) {
            iteration.record(metrics.firstEvent, o.timeToFirstEventNanos());
        }
    }

    /** What only a stream that ended (not cut) has: its completion and per-stream rates. */
    private void recordEnd(StreamOutcome o) {
        if (o.ok()) {
            iteration.add(metrics.streamsOk, 1);
            iteration.record(metrics.streamDuration, o.durationNanos());
            if (o.events() > 0) {
                iteration.record(metrics.timePerEvent, o.durationNanos() / o.events());
            }
            if (o.audioMillis() > 0) {
                iteration.record(metrics.wallPerAudioSecond, (long) (o.durationNanos() * 1000.0 / o.audioMillis()));
            }
        }
    }
}
