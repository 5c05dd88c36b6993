/**
 * Readings of the server under test (memory, threads, open files) and of the generator's own
 * JVM, taken on a fixed interval off the hot path. {@link dev.speechload.core.sample.ResourceProbes}
 * makes every probe: {@code /proc/PID} of a local process, a JSON metrics endpoint, a Prometheus
 * text endpoint, and the generator's JVM. Implementations live in {@code core.sample.internal},
 * which is not API.
 */
package dev.speechload.core.sample;
