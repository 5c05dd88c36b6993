/**
 * The hot path: handles that scenarios record latencies and counts into. Recording takes no
 * shared lock per value, does no I/O and allocates nothing (after a thread's first value);
 * summaries are read off the hot path by the engine.
 *
 * <p>{@link dev.speechload.core.record.LatencyRecorder} (fixed-range HdrHistogram with clamping;
 * each thread writes its own small buffer, merged by the sampler, so threads do not contend),
 * {@link dev.speechload.core.record.CounterRecorder} (LongAdder) and
 * {@link dev.speechload.core.record.ErrorCounter} are public so benchmarks can drive the record
 * path directly; {@link dev.speechload.core.record.MetricRegistry} holds one trial's metrics.
 */
package dev.speechload.core.record;
