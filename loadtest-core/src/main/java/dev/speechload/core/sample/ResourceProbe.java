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

    /**
     * True when the process read runs on the generator's machine, so its CPU time is part of the
     * machine's busy time (a {@code /proc/PID} probe, or a metrics endpoint on a loopback address).
     * The engine subtracts the CPU time of such a target from the machine's to find what other
     * processes used; a remote target's CPU is not on this machine and is not subtracted. The
     * default, true, is the careful answer: a target that may be local but gives no CPU reading
     * makes "other processes" unknown rather than overstated.
     */
    default boolean onThisMachine() {
        return true;
    }
}
