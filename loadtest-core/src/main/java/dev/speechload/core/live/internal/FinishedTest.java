package dev.speechload.core.live.internal;

/**
 * A test the view lists as finished.
 *
 * @param verdict PASS, WARN, FAIL, INCONCLUSIVE, NO_BASELINE, or why there is none ("NO RESULT")
 * @param health  HEALTHY, DEGRADED or COMPROMISED; empty when unknown
 * @param report  the report's file name in the results directory ({@code <stem>.html}); null when none
 */
public record FinishedTest(String name, String verdict, String health, String report) {}
