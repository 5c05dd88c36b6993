package dev.speechload.core.engine;

import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;

/**
 * One iteration of one channel, handed to {@link Scenario#run(Iteration)}. Values recorded
 * during warm-up are dropped here, so scenarios need not care. Recording allocates nothing and
 * takes no lock; it may be called from other threads (e.g. a gRPC callback) until {@code run}
 * returns.
 */
public interface Iteration {

    /** 0-based channel index. */
    int channel();

    /** 0-based iteration index within the channel, warm-up iterations included. */
    long index();

    /** True while this iteration is warm-up: nothing it records reaches the statistics. */
    boolean warmup();

    /**
     * When this iteration should have started ({@link System#nanoTime()} units). In the open
     * model that is its arrival time; latencies measured from it include time spent waiting
     * behind a stalled server (coordinated omission).
     */
    long intendedStartNanos();

    /** When the run stops ({@link System#nanoTime()} units): long operations should end by then. */
    long deadlineNanos();

    /** Records a latency value in nanoseconds; negative values are recorded as 0. */
    void record(LatencyMetric metric, long nanos);

    /** Adds {@code amount} (>= 0) to a counter. */
    void add(CounterMetric counter, long amount);

    /**
     * Marks this iteration failed with a stable error code (a server code such as ERR2003, an
     * HTTP status such as HTTP_503, or a kind such as TIMEOUT). The last code wins; the iteration
     * is still timed.
     */
    void fail(String errorCode);
}
