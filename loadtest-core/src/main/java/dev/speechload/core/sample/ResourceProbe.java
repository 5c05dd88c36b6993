package dev.speechload.core.sample;

import java.io.IOException;

/**
 * Reads the server's resources once: from /proc of a local process, or from the server's
 * metrics endpoint (JSON or Prometheus text). Made by {@link ResourceProbes}.
 *
 * <p>Implementations in speechload are immutable and may be read from any thread, but the
 * engine calls them from its sampler thread only; each {@link #read()} does blocking I/O
 * (a few file reads, or one HTTP request bounded by a short timeout), so keep it off hot paths.
 */
public interface ResourceProbe {

    /**
     * A fresh reading; values the source does not offer are -1.
     *
     * @throws IOException when the source cannot be read at all (process gone, HTTP error,
     *                     malformed text); the message names the source
     */
    ResourceReading read() throws IOException;

    /** Where readings come from, e.g. {@code proc:12345} or {@code metrics:http://127.0.0.1:8080/metrics}; goes into the result. */
    String description();
}
