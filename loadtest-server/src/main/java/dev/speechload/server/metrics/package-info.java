/**
 * Server metrics: counters and gauges ({@link dev.speechload.server.metrics.ServerMetrics}),
 * process readings from {@code /proc/self} ({@link dev.speechload.server.metrics.ProcessStats}),
 * and the HTTP handlers that serve them as JSON and as Prometheus text.
 *
 * <p>Imports nothing else of the server: the STT, TTS and fault packages report into it.
 */
package dev.speechload.server.metrics;
