package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.record.internal.CounterRecorder;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.record.internal.MetricRegistry;

/**
 * The {@link Iteration} of one channel, reused for every iteration of that channel so the hot
 * path allocates nothing. One channel thread drives it; scenario callbacks on other threads may
 * record into it until {@code Scenario.run} returns.
 */
final class ChannelIteration implements Iteration {

    private final MetricRegistry registry;
    private final int channel;
    private final long deadlineNanos;
    private long index;
    private volatile boolean warmup;
    private long intendedStartNanos;
    private volatile String failCode;

    ChannelIteration(MetricRegistry registry, int channel, long deadlineNanos) {
        this.registry = registry;
        this.channel = channel;
        this.deadlineNanos = deadlineNanos;
    }

    void begin(long newIndex, boolean isWarmup, long intendedStart) {
        index = newIndex;
        warmup = isWarmup;
        intendedStartNanos = intendedStart;
        failCode = null;
    }

    String failCode() {
        return failCode;
    }

    @Override
    public int channel() {
        return channel;
    }

    @Override
    public long index() {
        return index;
    }

    @Override
    public boolean warmup() {
        return warmup;
    }

    @Override
    public long intendedStartNanos() {
        return intendedStartNanos;
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public void record(LatencyMetric metric, long nanos) {
        if (warmup) {
            return;
        }
        LatencyRecorder r = registry.findLatency(metric.name());
        if (r == null) {
            throw new IllegalArgumentException("latency metric '" + metric.name() + "' is not registered in this run;"
                    + " register it in Scenario.setUp with context.latency(name, description)");
        }
        r.record(nanos);
    }

    @Override
    public void add(CounterMetric counter, long amount) {
        if (warmup) {
            return;
        }
        CounterRecorder c = registry.findCounter(counter.name());
        if (c == null) {
            throw new IllegalArgumentException("counter '" + counter.name() + "' is not registered in this run;"
                    + " register it in Scenario.setUp with context.counter(name, unit)");
        }
        c.add(amount);
    }

    @Override
    public void fail(String errorCode) {
        failCode = errorCode == null || errorCode.isBlank() ? "FAILED" : errorCode;
    }
}
