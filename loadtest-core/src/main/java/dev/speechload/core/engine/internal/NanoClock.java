package dev.speechload.core.engine.internal;

/**
 * The engine's monotonic clock ({@link System#nanoTime()} units). A parameter, not a static call,
 * so the parts of a trial that decide from times (the tally, the arrival bookkeeping) can be tested
 * with times of the test's choosing.
 */
@FunctionalInterface
public interface NanoClock {

    /** The machine's monotonic clock. */
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
