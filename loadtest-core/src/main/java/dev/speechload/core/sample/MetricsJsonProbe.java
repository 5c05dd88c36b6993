package dev.speechload.core.sample;

import java.time.Duration;

/**
 * Reads resources from a JSON metrics endpoint ({@code GET}, one object with numeric fields at
 * the top level), such as the reference server's {@code /metrics}. Immutable: every
 * {@code with...} returns a new probe. Thread-safe.
 *
 * <p>Default fields: memory from {@code memory_rss_bytes} (bytes) or else {@code memory_rss_mb}
 * (MiB); open files from {@code num_fds}; threads from {@code num_threads}; the process's CPU
 * time from {@code process_cpu_seconds_total} (seconds). A field that is
 * missing or negative reads as -1; a response with none of the fields fails, naming the fields
 * it has, because that is nearly always a wrong URL or wrong names.
 */
public interface MetricsJsonProbe extends ResourceProbe {

    /**
     * Reads memory from {@code field} only, multiplying by {@code bytesPerUnit} (1 for bytes,
     * 1024 for KiB, 1048576 for MiB).
     */
    MetricsJsonProbe withMemoryField(String field, long bytesPerUnit);

    /** Reads the open file descriptor count from {@code field}. */
    MetricsJsonProbe withOpenFdsField(String field);

    /** Reads the thread count from {@code field}. */
    MetricsJsonProbe withThreadsField(String field);

    /** Reads the process's CPU time since it started, in seconds, from {@code field}. */
    MetricsJsonProbe withCpuField(String field);

    /** Sends {@code Authorization: Bearer <token>}; {@code null} sends none. */
    MetricsJsonProbe withBearerToken(String token);

    /** Bounds connecting and the whole request (default 2 s); must be positive. */
    MetricsJsonProbe withTimeout(Duration timeout);
}
