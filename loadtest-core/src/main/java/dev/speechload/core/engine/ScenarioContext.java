package dev.speechload.core.engine;

import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.target.Endpoints;

/**
 * What a scenario gets at set-up: the target's endpoints and a place to register its metrics.
 * Registering the same name twice returns the same handle.
 */
public interface ScenarioContext {

    /** Where the server under test listens. */
    Endpoints endpoints();

    /** Registers (or returns) a latency metric recorded in nanoseconds into an HdrHistogram. */
    LatencyMetric latency(String name, String description);

    /** Registers (or returns) a counter with a short unit label ("events", "bytes"). */
    CounterMetric counter(String name, String unit);

    /** The plan being run (channels, durations), for scenarios that size themselves. */
    LoadPlan plan();
}
