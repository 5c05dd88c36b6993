package dev.speechload.core.sample;

/**
 * Reads the load generator's own JVM through {@code java.lang.management}: heap in use, GC count
 * and time, live threads. Made by {@link ResourceProbes#generatorJvm()}. Thread-safe; a read
 * takes microseconds and does no I/O, but allocates a little, so call it from the sampler
 * thread, not from channel threads.
 */
public interface GeneratorProbe {

    /** A fresh reading of this JVM. Never fails. */
    GeneratorReading read();
}
