/**
 * The metric handles a scenario records into: {@link dev.speechload.core.record.LatencyMetric}
 * and {@link dev.speechload.core.record.CounterMetric}, which {@code ScenarioContext} and
 * {@code Iteration} hand out by name. Recording takes no shared lock per value, does no I/O and
 * allocates nothing (after a thread's first value); the recorders behind the handles are in
 * {@code record.internal}.
 */
package dev.speechload.core.record;
