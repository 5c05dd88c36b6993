package dev.speechload.core.target;

import java.time.Duration;
import java.util.Objects;

/**
 * How a process target stopped after it was sent SIGTERM.
 *
 * @param duration from the first SIGTERM to the process's exit, as measured with
 *                 {@link System#nanoTime()}; includes the grace period when the process had to be
 *                 killed; never negative
 * @param exitCode the process's exit code: 143 (128 + SIGTERM) is a JVM ending on SIGTERM,
 *                 137 (128 + SIGKILL) a killed process, 0 a process that handled SIGTERM and
 *                 exited cleanly
 * @param killed   true when the process outlived the grace period and was killed (SIGKILL)
 */
public record Shutdown(Duration duration, int exitCode, boolean killed) {

    public Shutdown {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
    }

    /** True when the process exited by itself within the grace period. */
    public boolean graceful() {
        return !killed;
    }
}
