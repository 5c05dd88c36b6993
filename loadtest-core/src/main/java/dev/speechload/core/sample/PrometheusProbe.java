package dev.speechload.core.sample;

import java.time.Duration;

/**
 * Reads resources from a Prometheus text endpoint (exposition format 0.0.4 or OpenMetrics text).
 * Immutable: every {@code with...} returns a new probe. Thread-safe.
 *
 * <p>Default metrics: {@code process_resident_memory_bytes}, {@code process_open_fds}, and the
 * first present of {@code process_threads}, {@code jvm_threads_live_threads},
 * {@code jvm_threads_current}, and the process's CPU time from {@code process_cpu_seconds_total}
 * (seconds). When a metric has several series (labels), their sum is read. A
 * missing metric reads as -1; a text with none of them fails, naming the source.
 */
public interface PrometheusProbe extends ResourceProbe {

    /** Reads resident memory (in bytes) from this metric. */
    PrometheusProbe withMemoryMetric(String name);

    /** Reads the open file descriptor count from this metric. */
    PrometheusProbe withOpenFdsMetric(String name);

    /** Reads the thread count from the first of these metrics that is present. */
    PrometheusProbe withThreadsMetric(String... namesInPreferenceOrder);

    /** Reads the process's CPU time (a counter in seconds) from this metric. */
    PrometheusProbe withCpuMetric(String name);

    /** Sends {@code Authorization: Bearer <token>}; {@code null} sends none. */
    PrometheusProbe withBearerToken(String token);

    /** Bounds connecting and the whole request (default 2 s); must be positive. */
    PrometheusProbe withTimeout(Duration timeout);
}
