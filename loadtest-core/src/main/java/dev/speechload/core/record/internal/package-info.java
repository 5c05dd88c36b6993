/**
 * The recording path, not API: {@link dev.speechload.core.record.internal.LatencyRecorder}
 * (fixed-range HdrHistogram with clamping; each thread writes its own small buffer, merged by the
 * sampler, so threads do not contend), {@link dev.speechload.core.record.internal.CounterRecorder}
 * (LongAdder), {@link dev.speechload.core.record.internal.ErrorCounter} and {@link
 * dev.speechload.core.record.internal.MetricRegistry} (one trial's metrics). The engine is its one
 * user besides {@code record} (LayeringTests); the classes are public so the engine and the
 * benchmarks can drive the record path directly.
 */
package dev.speechload.core.record.internal;
