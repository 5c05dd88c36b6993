/**
 * Reports of load runs: {@code results/<test>.json} (result, verdict and the baseline it was
 * judged against), a self-contained {@code results/<test>.html} with inline SVG charts,
 * {@code results/index.html} over every result, and {@code results/summary.md} for a GitHub step
 * summary. Start at {@link dev.speechload.core.report.Reporters}. The report package reads
 * results and verdicts; it never judges and never measures.
 */
package dev.speechload.core.report;
