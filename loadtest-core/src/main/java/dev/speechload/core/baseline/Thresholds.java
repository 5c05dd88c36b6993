package dev.speechload.core.baseline;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules a run is judged by. Immutable: every {@code with...} method returns a new instance,
 * so one instance may be shared by every test and thread.
 *
 * <p>Three kinds of rule:
 * <ul>
 *   <li><b>Relative</b> (against the baseline, in percent of the baseline value): latency p99
 *       growth, throughput drop, memory growth. A relative level of
 *       {@link Double#POSITIVE_INFINITY} means "never" (for example throughput has no fail level
 *       by default).</li>
 *   <li><b>Hard limits</b> (absolute, judged even without a baseline): memory slope and error
 *       ratio fail above them; open file descriptor and thread growth (after - before) warn above
 *       them, as a leak signal.</li>
 *   <li><b>Noise floors</b> (absolute): a change smaller than the floor is never a regression,
 *       whatever its percentage, because run-to-run noise alone produces it.</li>
 * </ul>
 *
 * <p>{@link #defaults()} holds the values of the design's table. {@link #scaledTo(double)} applies
 * the global {@code loadtest.regressionThreshold} setting; the {@code with...} methods set one
 * rule to an absolute value (per-test overrides, not scaled).
 *
 * @param latencyP99WarnPercent       warn when p99 grew by more than this, &gt; 0
 * @param latencyP99FailPercent       fail when p99 grew by more than this, &gt;= warn
 * @param throughputDropWarnPercent   warn when throughput fell by more than this, &gt; 0
 * @param throughputDropFailPercent   fail when throughput fell by more than this, &gt;= warn
 * @param memoryGrowthWarnPercent     warn when memory growth (peak - before) grew by more than this
 * @param memoryGrowthFailPercent     fail when memory growth grew by more than this, &gt;= warn
 * @param memorySlopeFailBytesPerSecond hard limit: fail when the RSS slope under load exceeds it
 * @param errorRatioFail              hard limit: fail when failed / completed exceeds it, 0..1
 * @param fdGrowthWarn                hard limit: warn when open fds after load exceed those before
 *                                    by more than this many (and by more than the baseline did)
 * @param threadGrowthWarn            as {@code fdGrowthWarn}, for server threads
 * @param latencyFloorNanos           latency changes smaller than this are noise, &gt;= 0
 * @param throughputFloorPerSecond    throughput changes smaller than this are noise, &gt;= 0
 * @param memoryFloorBytes            memory growth changes smaller than this are noise, &gt;= 0
 * @param memorySlopeMinWindowMillis  the slope is judged only over a load phase at least this long
 *                                    (with at least {@link #MIN_SLOPE_READINGS} readings): over a few
 *                                    seconds a JVM warming up and a leak look alike, &gt;= 0
 * @param fdGrowthFail                hard limit: fail when open fds after load exceed those before
 *                                    by more than this many (beyond the baseline's own growth),
 *                                    &gt;= fdGrowthWarn; a descriptor leak exhausts a server for sure
 */
public record Thresholds(
        double latencyP99WarnPercent,
        double latencyP99FailPercent,
        double throughputDropWarnPercent,
        double throughputDropFailPercent,
        double memoryGrowthWarnPercent,
        double memoryGrowthFailPercent,
        double memorySlopeFailBytesPerSecond,
        double errorRatioFail,
        long fdGrowthWarn,
        long threadGrowthWarn,
        long latencyFloorNanos,
        double throughputFloorPerSecond,
        long memoryFloorBytes,
        long memorySlopeMinWindowMillis,
        long fdGrowthFail) {

    /** One MB as the design's table means it (2^20 bytes, as RSS tools report it). */
    public static final long MB = 1024 * 1024;
    /** The p99 warn level that {@link #scaledTo(double)} takes as 100 %. */
    public static final double DEFAULT_REGRESSION_THRESHOLD_PERCENT = 20.0;
    /**
     * Hard limit of the open model: more missed arrivals than this share of the planned ones
     * means the plan's rate was not delivered (the server fell behind it, or the plan has too few
     * channels for it), so the run cannot pass.
     */
    public static final double MISSED_ARRIVALS_FAIL = 0.01;
    /** Fewest load-phase memory readings a slope is judged on. */
    public static final int MIN_SLOPE_READINGS = 5;

    /**
     * Latency changes up to this are noise by default: one scheduler time slice on a 2-CPU Linux
     * machine (EEVDF's 0.75 ms base slice, scaled by 1 + log2 of the CPUs: 1.5 ms) and a margin. A
     * thread that becomes runnable while the cores are busy waits up to a slice for each task ahead
     * of it, so the p99 of sub-millisecond figures moves by about a slice from run to run: a bursty
     * server's event gaps, 0.14 ms in the baseline, read 0.66 to 1.54 ms in eight runs of the same
     * code on its own, three of them beyond the former 1 ms floor (FAIL).
     */
    public static final Duration DEFAULT_LATENCY_FLOOR = Duration.ofMillis(2);

    private static final double NEVER = Double.POSITIVE_INFINITY;
    private static final Thresholds DEFAULTS = new Thresholds(
            20,
            50,
            20,
            NEVER,
            50,
            NEVER,
            0.1 * MB,
            0.05,
            10,
            10,
            DEFAULT_LATENCY_FLOOR.toNanos(),
            0.5,
            5 * MB,
            Duration.ofSeconds(30).toMillis(),
            100);

    public Thresholds {
        requireLevels("latency p99", latencyP99WarnPercent, latencyP99FailPercent);
        requireLevels("throughput drop", throughputDropWarnPercent, throughputDropFailPercent);
        requireLevels("memory growth", memoryGrowthWarnPercent, memoryGrowthFailPercent);
        if (!(memorySlopeFailBytesPerSecond >= 0)) {
            throw new IllegalArgumentException(
                    "memory slope limit must be >= 0 bytes/s, was " + memorySlopeFailBytesPerSecond);
        }
        if (!(errorRatioFail >= 0 && errorRatioFail <= 1)) {
            throw new IllegalArgumentException("error ratio limit must be in 0..1, was " + errorRatioFail);
        }
        if (fdGrowthWarn < 0 || threadGrowthWarn < 0) {
            throw new IllegalArgumentException(
                    "fd and thread growth limits must be >= 0, were " + fdGrowthWarn + " and " + threadGrowthWarn);
        }
        if (fdGrowthFail < fdGrowthWarn) {
            throw new IllegalArgumentException(
                    "fd growth fail limit must be >= the warn limit (" + fdGrowthWarn + "), was " + fdGrowthFail);
        }
        if (memorySlopeMinWindowMillis < 0) {
            throw new IllegalArgumentException(
                    "memory slope window must be >= 0 ms, was " + memorySlopeMinWindowMillis);
        }
        if (latencyFloorNanos < 0 || !(throughputFloorPerSecond >= 0) || memoryFloorBytes < 0) {
            throw new IllegalArgumentException("noise floors must be >= 0, were " + latencyFloorNanos + " ns, "
                    + throughputFloorPerSecond + " /s, " + memoryFloorBytes + " bytes");
        }
    }

    private static void requireLevels(String rule, double warn, double fail) {
        if (!(warn > 0) || !(fail >= warn)) {
            throw new IllegalArgumentException(
                    rule + ": warn must be > 0 % and fail >= warn, were warn " + warn + " %, fail " + fail + " %");
        }
    }

    /**
     * The design's defaults: p99 +20 % warn / +50 % fail; throughput -20 % warn; memory growth
     * +50 % warn; memory slope &gt; 0.1 MB/s fail; error ratio &gt; 5 % fail; fds or threads
     * +10 after load warn; floors 1 ms, 0.5 iterations/s, 5 MB.
     */
    public static Thresholds defaults() {
        return DEFAULTS;
    }

    /**
     * Scales every relative level by {@code regressionThresholdPercent / 20}, so the setting is
     * the p99 warn level and the rest keep their proportions to it: 20 gives the defaults, 10
     * halves every relative level (p99 warn 10 %, fail 25 %, throughput 10 %, memory 25 %), 40
     * doubles them. Hard limits and noise floors are absolute and do not scale. A scaled throughput
     * drop of 100 % or more can never happen, so it means "never".
     *
     * @param regressionThresholdPercent the p99 warn level in percent, &gt; 0 and finite
     * @throws IllegalArgumentException when it is not a positive finite number
     */
    public Thresholds scaledTo(double regressionThresholdPercent) {
        if (!(regressionThresholdPercent > 0) || Double.isInfinite(regressionThresholdPercent)) {
            throw new IllegalArgumentException(
                    "regression threshold must be a positive number of percent (e.g. 20), was "
                            + regressionThresholdPercent);
        }
        double f = regressionThresholdPercent / DEFAULT_REGRESSION_THRESHOLD_PERCENT;
        return new Thresholds(
                latencyP99WarnPercent * f,
                latencyP99FailPercent * f,
                throughputDropWarnPercent * f,
                throughputDropFailPercent * f,
                memoryGrowthWarnPercent * f,
                memoryGrowthFailPercent * f,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /** Latency p99 levels in percent growth; use {@link Double#POSITIVE_INFINITY} for "never fail". */
    public Thresholds withLatencyP99(double warnPercent, double failPercent) {
        return new Thresholds(
                warnPercent,
                failPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /** Throughput levels in percent drop; use {@link Double#POSITIVE_INFINITY} for "never fail". */
    public Thresholds withThroughputDrop(double warnPercent, double failPercent) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                warnPercent,
                failPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /** Memory growth levels in percent; use {@link Double#POSITIVE_INFINITY} for "never fail". */
    public Thresholds withMemoryGrowth(double warnPercent, double failPercent) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                warnPercent,
                failPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /** Hard limit on the RSS slope under load, in bytes per second, &gt;= 0. */
    public Thresholds withMemorySlopeLimit(double bytesPerSecond) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                bytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /** Hard limit on failed / completed iterations, 0..1 (0.05 = 5 %). */
    public Thresholds withErrorRatioLimit(double ratio) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                ratio,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /**
     * Leak signals: warn when fds or threads after load exceed those before by more than these
     * counts. The fd fail limit is raised to the warn limit when it would fall below it.
     */
    public Thresholds withLeakLimits(long fdGrowth, long threadGrowth) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowth,
                threadGrowth,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                Math.max(fdGrowth, fdGrowthFail));
    }

    /** Latency changes smaller than {@code floor} are noise; not null, not negative. */
    public Thresholds withLatencyFloor(Duration floor) {
        Objects.requireNonNull(floor, "floor");
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                floor.toNanos(),
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /** Throughput changes smaller than this many iterations per second are noise. */
    public Thresholds withThroughputFloor(double perSecond) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                perSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }

    /**
     * The shortest load phase whose RSS slope is judged; shorter runs get a note instead of a
     * slope verdict. Not null, not negative.
     */
    public Thresholds withMemorySlopeMinWindow(Duration window) {
        Objects.requireNonNull(window, "window");
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                window.toMillis(),
                fdGrowthFail);
    }

    /** Hard limit: fail when open fds after load exceed those before by more than {@code fds} (&gt;= the warn limit). */
    public Thresholds withFdLeakFail(long fds) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                memoryFloorBytes,
                memorySlopeMinWindowMillis,
                fds);
    }

    /** Memory growth changes smaller than this many bytes are noise. */
    public Thresholds withMemoryFloor(long bytes) {
        return new Thresholds(
                latencyP99WarnPercent,
                latencyP99FailPercent,
                throughputDropWarnPercent,
                throughputDropFailPercent,
                memoryGrowthWarnPercent,
                memoryGrowthFailPercent,
                memorySlopeFailBytesPerSecond,
                errorRatioFail,
                fdGrowthWarn,
                threadGrowthWarn,
                latencyFloorNanos,
                throughputFloorPerSecond,
                bytes,
                memorySlopeMinWindowMillis,
                fdGrowthFail);
    }
}
