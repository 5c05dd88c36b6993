/**
 * Statistics as plain, tested functions: recorded data (histograms, samples, counts) in, result
 * records out. The API is {@link dev.speechload.core.stats.RunResults}, the assembly of a whole
 * {@link dev.speechload.core.result.RunResult} from trials; least-squares slopes ({@code
 * LinearFit}) and resource figures ({@code ResourceStats}) are package-private, and the functions
 * the later stages compute with (percentiles, health rules, histogram encoding, order statistics,
 * the pair rule) are in {@code stats.internal}. No I/O.
 */
package dev.speechload.core.stats;
