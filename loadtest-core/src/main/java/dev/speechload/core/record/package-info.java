/**
 * The hot path: handles that scenarios record latencies and counts into. Recording takes no
 * lock, does no I/O and allocates nothing; summaries are read off the hot path by the engine.
 */
package dev.speechload.core.record;
