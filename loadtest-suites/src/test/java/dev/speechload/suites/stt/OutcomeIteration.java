package dev.speechload.suites.stt;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;

/**
 * An {@link Iteration} that passes everything to the engine's and remembers whether the scenario
 * failed it, so a wrapping scenario can react (back off) to a failed session. One per call of
 * {@code Scenario.run}; the failure flag is volatile because gRPC callbacks may call {@link #fail}.
 */
final class OutcomeIteration implements Iteration {

    private final Iteration delegate;
    private volatile String failCode;

    OutcomeIteration(Iteration delegate) {
        this.delegate = delegate;
    }

    /** The last code passed to {@link #fail}, or null when the scenario did not fail this iteration. */
    String failCode() {
        return failCode;
    }

    @Override
    public int channel() {
        return delegate.channel();
    }

    @Override
    public long index() {
        return delegate.index();
    }

    @Override
    public boolean warmup() {
        return delegate.warmup();
    }

    @Override
    public long intendedStartNanos() {
        return delegate.intendedStartNanos();
    }

    @Override
    public long deadlineNanos() {
        return delegate.deadlineNanos();
    }

    @Override
    public void record(LatencyMetric metric, long nanos) {
        delegate.record(metric, nanos);
    }

    @Override
    public void add(CounterMetric counter, long amount) {
        delegate.add(counter, amount);
    }

    @Override
    public void fail(String errorCode) {
        failCode = errorCode;
        delegate.fail(errorCode);
    }
}
