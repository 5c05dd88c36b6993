/**
 * Readings of the server under test (memory, threads, open files) and of the generator's own
 * JVM, taken on a fixed interval off the hot path.
 */
package dev.speechload.core.sample;
