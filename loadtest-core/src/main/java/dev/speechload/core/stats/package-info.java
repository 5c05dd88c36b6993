/**
 * Statistics as plain, tested functions: recorded data (histograms, samples, counts) in, result
 * records out. Percentiles ({@link dev.speechload.core.stats.LatencyStats}), least-squares
 * slopes ({@code LinearFit}), resource figures
 * ({@code ResourceStats}), histogram encoding
 * ({@link dev.speechload.core.stats.HistogramCodec}) and the assembly of a whole
 * {@link dev.speechload.core.result.RunResult} from trials ({@link dev.speechload.core.stats.RunResults}).
 * No I/O.
 */
package dev.speechload.core.stats;
