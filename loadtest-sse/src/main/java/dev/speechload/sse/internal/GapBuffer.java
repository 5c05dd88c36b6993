package dev.speechload.sse.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.record.LatencyMetric;
import java.util.Arrays;

/**
 * The gaps of one stream on their way into the iteration's histogram: held in a small array and
 * recorded whenever it fills, and the rest when the stream ends or is cut, so a stream's memory
 * stays bounded however long it runs ({@value #CAPACITY} values, 4 KB, at most). Grows by
 * doubling from 32 values, so short streams stay small.
 * Written by the reading thread under the stream's lock while the stream runs, flushed for the
 * last time by whichever thread settled the stream, under the same lock (no gap follows a
 * settle). Not API.
 */
public final class GapBuffer implements SseStream.GapSink {

    /** Most gaps held before they are recorded. */
    public static final int CAPACITY = 512;

    private final Iteration iteration;
    private final LatencyMetric metric;
    private long[] nanos = new long[32];
    private int size;

    /** A buffer recording into {@code metric} of {@code iteration}. */
    public GapBuffer(Iteration iteration, LatencyMetric metric) {
        this.iteration = iteration;
        this.metric = metric;
    }

    /** A buffer that keeps nothing (streams measured outside the engine). */
    public static SseStream.GapSink discarding() {
        return gap -> {};
    }

    @Override
    public void gap(long gapNanos) {
        if (size == nanos.length) {
            if (size == CAPACITY) {
                flush();
            } else {
                nanos = Arrays.copyOf(nanos, Math.min(CAPACITY, size * 2));
            }
        }
        nanos[size++] = gapNanos;
    }

    /** Records every gap held and empties the buffer. */
    public void flush() {
        for (int i = 0; i < size; i++) {
            iteration.record(metric, nanos[i]);
        }
        size = 0;
    }
}
