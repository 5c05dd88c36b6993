package dev.speechload.core.engine;

import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;
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

    /**
     * Registers (or returns) a latency metric that measures the load generator itself, not the
     * server (a driver's send lag, say): it is named {@code generator.<name>}
     * ({@link RunResult#GENERATOR_PREFIX}), reported but never judged as a server regression, and it
     * counts toward the measurement's health (a generator lag p99 above its limit marks the run
     * DEGRADED or COMPROMISED). {@link #latency} refuses names with that prefix.
     *
     * @param name the name, with or without the prefix: {@code grpc.send_lag} and
     *             {@code generator.grpc.send_lag} register the same metric
     */
    default LatencyMetric generatorLatency(String name, String description) {
        return latency(
                name.startsWith(RunResult.GENERATOR_PREFIX) ? name : RunResult.GENERATOR_PREFIX + name, description);
    }

    /** Registers (or returns) a counter with a short unit label ("events", "bytes"). */
    CounterMetric counter(String name, String unit);

    /** The plan being run (channels, durations), for scenarios that size themselves. */
    LoadPlan plan();

    /**
     * What the run's blocking work runs on ({@code loadtest.channelThreads}, already checked
     * against this JVM): a driver whose transport blocks a thread per call (OkHttp's SSE reader)
     * runs those threads on the same kind, so a run on virtual threads holds no platform thread per
     * open stream. {@link ChannelThreads#PLATFORM} unless the run asked otherwise.
     */
    default ChannelThreads channelThreads() {
        return ChannelThreads.PLATFORM;
    }
}
