package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.record.internal.MetricRegistry;

/**
 * Benchmarks only: reaches the engine's package-private {@link ChannelIteration}, so
 * {@code RecorderBench} can time the exact record path a scenario takes through
 * {@link Iteration} (warm-up check, registry lookup, recorder) without a whole engine around it.
 *
 * <p>This class lives in the benchmark module but in core's internal package on purpose: a change
 * to {@code ChannelIteration}'s constructor or {@code begin} breaks this module's build, and the
 * benchmark then gets updated with it. Not API; nothing outside {@code loadtest-bench} uses it.
 */
public final class BenchAccess {

    private BenchAccess() {}

    /**
     * A channel's iteration recording into {@code registry}, begun as iteration 0 (measured,
     * not warm-up, intended start now). Like the engine's, it is driven by one thread.
     *
     * @param registry      where {@code record} and {@code add} look their metrics up; not null
     * @param channel       0-based channel index
     * @param deadlineNanos {@link System#nanoTime()} units
     */
    public static Iteration measuredIteration(MetricRegistry registry, int channel, long deadlineNanos) {
        ChannelIteration it = new ChannelIteration(registry, channel, deadlineNanos);
        it.begin(0, false, System.nanoTime());
        return it;
    }

    /** Like {@link #measuredIteration} but in warm-up: records are dropped by the warm-up check. */
    public static Iteration warmupIteration(MetricRegistry registry, int channel, long deadlineNanos) {
        ChannelIteration it = new ChannelIteration(registry, channel, deadlineNanos);
        it.begin(0, true, System.nanoTime());
        return it;
    }
}
