package dev.speechload.sse.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.record.LatencyMetric;
import java.util.Arrays;

/**
 * The gaps of one stream, kept until the stream has ended and then recorded at once, so that a
 * stream the engine cuts at the end of a run records nothing (the engine counts it in
 * {@code iterations.cut}). Grows by doubling from 32 values (a stream of 10,000 events holds
 * 80 KB). Written by the reading thread under the stream's lock, read by the channel thread after
 * the stream settled (the stream's latch orders the two). Not thread-safe otherwise. Not API.
 */
public final class GapBuffer implements SseStream.GapSink {

    private long[] nanos = new long[32];
    private int size;

    @Override
    public void gap(long gapNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = gapNanos;
    }

    /** Gaps held, &gt;= 0. */
    public int size() {
        return size;
    }

    /** Records every gap held into {@code metric} of {@code iteration}. */
    public void recordInto(Iteration iteration, LatencyMetric metric) {
        for (int i = 0; i < size; i++) {
            iteration.record(metric, nanos[i]);
        }
    }
}
