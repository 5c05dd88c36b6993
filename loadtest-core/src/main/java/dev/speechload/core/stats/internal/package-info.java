/**
 * The statistics the later stages compute with, not API: percentiles ({@link
 * dev.speechload.core.stats.internal.LatencyStats}), a trial's and a run's health ({@link
 * dev.speechload.core.stats.internal.HealthClassifier} with {@link
 * dev.speechload.core.stats.internal.HealthRules}), the pair rule of an A/B comparison ({@link
 * dev.speechload.core.stats.internal.PairHealth}), order-statistic intervals ({@link
 * dev.speechload.core.stats.internal.OrderStatistics}) and histogram encoding ({@link
 * dev.speechload.core.stats.internal.HistogramCodec}). Besides {@code stats}, only the stages that
 * judge and show statistics use it (baseline, compare, report, live; LayeringTests).
 */
package dev.speechload.core.stats.internal;
