package dev.speechload.suites.stt;

/**
 * Per-suite overrides of the regression gate's hard limits, for {@code @LoadTest} attributes.
 * Constants only.
 */
public final class SuiteGates {

    /** {@code @Regression(errorRateFailPercent)} for suites whose sessions fail on purpose (rate limit, shutdown). */
    public static final double ERRORS_EXPECTED_PERCENT = 100;

    private SuiteGates() {}
}
