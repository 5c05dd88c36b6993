package dev.speechload.core.testkit;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import java.util.Objects;

/**
 * For tests: an {@link Iteration} that passes everything to another one and remembers the last
 * error code a scenario gave {@link #fail}, so a test (or a scenario wrapping another) can tell
 * whether this iteration failed. {@link RecordingContext#iteration} hands these out, recording into
 * the context; {@link #forwardingTo} wraps any iteration, the engine's included.
 *
 * <p>Thread-safe: a driver may record and fail from its callback threads while {@code run} goes on.
 * One per call of {@code Scenario.run} or {@code AsyncScenario.start}, like the engine's.
 */
public final class RecordingIteration implements Iteration {

    private final Iteration delegate;
    private volatile String failCode;

    RecordingIteration(Iteration delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * An iteration that records into {@code iteration} (the engine's, for a wrapping scenario that
     * backs off after a failed session) and remembers its failure.
     */
    public static RecordingIteration forwardingTo(Iteration iteration) {
        return new RecordingIteration(iteration);
    }

    /** The last code given to {@link #fail}; null when the scenario did not fail this iteration. */
    public String failCode() {
        return failCode;
    }

    /** True once the scenario called {@link #fail}. */
    public boolean failed() {
        return failCode != null;
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

    @Override
    public String toString() {
        return "iteration " + index() + " of channel " + channel() + (failed() ? ", failed " + failCode : "");
    }
}
