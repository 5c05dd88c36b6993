/**
 * A/B comparisons: two server builds, the reference A and the candidate B, run the same plan in
 * trial pairs in randomized block order on one machine, judged on the paired ratios B/A
 * ({@link dev.speechload.core.baseline.PairedVerdicts}).
 */
package dev.speechload.core.compare;
