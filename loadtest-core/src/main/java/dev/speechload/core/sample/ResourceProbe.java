package dev.speechload.core.sample;

import java.io.IOException;

/**
 * Reads the server's resources once: from /proc of a local process, from a container, or from
 * the server's metrics endpoint (JSON or Prometheus text). Called from the sampler thread only.
 */
public interface ResourceProbe {

    /** A fresh reading. Throws when the source cannot be read at all (process gone, HTTP error). */
    ResourceReading read() throws IOException;

    /** Where readings come from, e.g. {@code proc:12345}; goes into the result. */
    String description();
}
