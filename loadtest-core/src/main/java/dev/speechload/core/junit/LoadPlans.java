package dev.speechload.core.junit;

import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.config.Durations;
import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The one place where a {@link LoadTest} annotation becomes a checked {@link LoadPlan}, before
 * any target starts. Every problem is reported at once, one line each, as
 * {@code @LoadTest on [Class#method]: 'rampSteps' must be between 1 and 'channels' (50), was 0}.
 * Stateless and thread-safe.
 */
public final class LoadPlans {

    /** Upper bound on channels: beyond it a single generator JVM measures itself, not the server. */
    public static final int MAX_CHANNELS = 100_000;
    /** Upper bound on trials. */
    public static final int MAX_TRIALS = 100;
    /** Lower bound on the sample interval. */
    public static final Duration MIN_SAMPLE_INTERVAL = Duration.ofMillis(10);
    /** Duration when neither {@code duration} nor {@code iterations} is set. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /**
     * Upper bound on every duration attribute: one JVM running a plan for longer is a soak that a
     * crash or a reboot would lose whole; split it into runs.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(7);
    /** Upper bound on the open model's rate: past it one generator JVM only measures itself. */
    public static final double MAX_ARRIVAL_RATE = 1_000_000;
    /** Shortest duration the smoke factor scales down to. */
    public static final Duration MIN_SMOKE_DURATION = Duration.ofSeconds(1);

    private LoadPlans() {
    }

    /** The full-scale plan, with a 1 s sample interval unless the annotation sets one. */
    public static LoadPlan from(LoadTest test, Method method) {
        return from(test, method, Scale.FULL, Duration.ofSeconds(1));
    }

    /**
     * The plan at the settings' scale, with their sample interval unless the annotation sets one;
     * with {@code loadtest.shard}, this generator's share of it ({@link LoadPlan#shard}).
     */
    public static LoadPlan from(LoadTest test, Method method, Settings settings) {
        LoadPlan plan = from(test, method, settings.scale(), settings.sampleInterval());
        if (settings.shard() == null) {
            return plan;
        }
        try {
            return plan.shard(settings.shard());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@LoadTest on [" + method.getDeclaringClass().getSimpleName()
                    + "#" + method.getName() + "]: " + Settings.SHARD + "=" + settings.shard() + ": " + e.getMessage());
        }
    }

    /**
     * Checks {@code test} and builds its plan at {@code scale}.
     *
     * @param defaultSampleInterval used when the annotation's {@code sampleInterval} is empty
     * @throws ExtensionConfigurationException listing every bad attribute
     */
    public static LoadPlan from(LoadTest test, Method method, Scale scale, Duration defaultSampleInterval) {
        Checker c = new Checker("@LoadTest on [" + method.getDeclaringClass().getSimpleName() + "#" + method.getName() + "]: ");
        int channels = test.channels();
        boolean channelsOk = channels >= 1 && channels <= MAX_CHANNELS;
        if (!channelsOk) {
            c.fail("'channels' must be between 1 and " + MAX_CHANNELS + ", was " + channels);
        }
        int steps = test.rampSteps();
        if (steps < 1 || (channelsOk && steps > channels)) {
            c.fail("'rampSteps' must be between 1 and 'channels' (" + channels + "), was " + steps);
        }
        Duration rampInterval = c.duration("rampInterval", test.rampInterval(), Duration.ofSeconds(1));
        if (rampInterval != null && steps > 1 && rampInterval.isZero()) {
            c.fail("'rampInterval' must be above 0 when 'rampSteps' (" + steps + ") > 1, was " + test.rampInterval());
        }
        if (test.warmupIterations() < 0) {
            c.fail("'warmupIterations' must be >= 0, was " + test.warmupIterations());
        }
        Duration warmup = c.duration("warmup", test.warmup(), Duration.ZERO);
        if (test.iterations() < 0) {
            c.fail("'iterations' must be >= 0, was " + test.iterations());
        }
        Duration duration = c.duration("duration", test.duration(), null);
        boolean byIterations = test.iterations() > 0;
        if (duration != null && byIterations) {
            c.fail("'duration' and 'iterations' exclude each other: set one, were '" + test.duration()
                    + "' and " + test.iterations());
        } else if (duration != null && duration.isZero()) {
            c.fail("'duration' must be above 0, was " + test.duration());
        }
        if (duration == null && !byIterations) {
            duration = DEFAULT_DURATION;
        }
        if (!byIterations && duration != null && !duration.isZero() && rampInterval != null && steps > 1) {
            Duration ramp = rampInterval.multipliedBy(steps);
            if (duration.compareTo(ramp) < 0) {
                c.fail("'duration' (" + Durations.format(duration) + ") must be at least the ramp: 'rampSteps' ("
                        + steps + ") x 'rampInterval' (" + Durations.format(rampInterval) + ") = " + Durations.format(ramp));
            }
        }
        double rate = test.arrivalRate();
        boolean open = rate > 0;
        if (!(rate >= 0) || rate > MAX_ARRIVAL_RATE) {
            c.fail("'arrivalRate' must be 0 (closed model) or a rate per second above 0 and at most "
                    + String.format(Locale.ROOT, "%,.0f", MAX_ARRIVAL_RATE) + ", was " + rate);
        } else if (open && duration != null && !byIterations && rate * duration.toNanos() / 1e9 < 1) {
            c.fail("'arrivalRate' (" + rate + " per second) over 'duration' (" + Durations.format(duration)
                    + ") plans no arrival at all; raise one of them");
        }
        Duration expected = c.duration("expectedInterval", test.expectedInterval(), Duration.ZERO);
        if (open) {
            if (byIterations) {
                c.fail("'iterations' must be 0 in the open model ('arrivalRate' " + rate
                        + "), which is bounded by 'duration', was " + test.iterations());
            }
            if (test.warmupIterations() > 0) {
                c.fail("'warmupIterations' must be 0 in the open model ('arrivalRate' " + rate
                        + "); use 'warmup', was " + test.warmupIterations());
            }
            if (expected != null && !expected.isZero()) {
                c.fail("'expectedInterval' applies to the closed model only; the open model ('arrivalRate' "
                        + rate + ") measures from each arrival's intended start, was " + test.expectedInterval());
            }
        }
        if (test.trials() < 1 || test.trials() > MAX_TRIALS) {
            c.fail("'trials' must be between 1 and " + MAX_TRIALS + ", was " + test.trials());
        }
        Duration sample = c.duration("sampleInterval", test.sampleInterval(), defaultSampleInterval);
        if (sample != null && sample.compareTo(MIN_SAMPLE_INTERVAL) < 0) {
            c.fail("'sampleInterval' must be at least " + Durations.format(MIN_SAMPLE_INTERVAL) + ", was "
                    + test.sampleInterval());
        }
        double factor = test.smokeFactor();
        if (!(factor > 0 && factor <= 1)) {
            c.fail("'smokeFactor' must be above 0 and at most 1, was " + factor);
        }
        if (test.smokeChannels() < 0 || (channelsOk && test.smokeChannels() > channels)) {
            c.fail("'smokeChannels' must be between 0 (use 'smokeFactor') and 'channels' (" + channels
                    + "), was " + test.smokeChannels());
        }
        Duration smokeDuration = c.duration("smokeDuration", test.smokeDuration(), null);
        if (smokeDuration != null) {
            if (byIterations) {
                c.fail("'smokeDuration' needs a plan bounded by 'duration', not 'iterations', was " + test.smokeDuration());
            } else if (smokeDuration.isZero() || (duration != null && smokeDuration.compareTo(duration) > 0)) {
                c.fail("'smokeDuration' must be above 0 and at most 'duration' (" + Durations.format(duration)
                        + "), was " + test.smokeDuration());
            }
        }
        if (test.smokeIterations() < 0 || (test.smokeIterations() > 0 && !byIterations)
                || (byIterations && test.smokeIterations() > test.iterations())) {
            c.fail("'smokeIterations' must be between 0 (use 'smokeFactor') and 'iterations' (" + test.iterations()
                    + "), was " + test.smokeIterations());
        }
        if (test.smokeTrials() < 1 || test.smokeTrials() > Math.max(1, test.trials())) {
            c.fail("'smokeTrials' must be between 1 and 'trials' (" + test.trials() + "), was " + test.smokeTrials());
        }
        checkThresholds(test, c);
        c.throwIfAny();

        if (scale == Scale.SMOKE) {
            return smoke(test, open, rampInterval, warmup, duration, expected, sample, smokeDuration);
        }
        LoadPlan plan = open ? LoadPlan.open(rate).withChannels(channels) : LoadPlan.closed(channels);
        plan = plan.withRamp(steps, rampInterval).withWarmupIterations(test.warmupIterations()).withWarmup(warmup)
                .withExpectedInterval(expected).withTrials(test.trials()).withSampleInterval(sample);
        return byIterations ? plan.withIterations(test.iterations()) : plan.withDuration(duration);
    }

    /** Scales a valid full-scale plan down; consistent by construction (the ramp still fits). */
    private static LoadPlan smoke(LoadTest test, boolean open, Duration rampInterval, Duration warmup,
                                  Duration duration, Duration expected, Duration sample, Duration smokeDuration) {
        double f = test.smokeFactor();
        int channels = test.smokeChannels() > 0 ? test.smokeChannels()
                : (int) Math.max(1, Math.round(test.channels() * f));
        int steps = Math.min(test.rampSteps(), channels);
        double timeFactor = f;
        Duration smokeRun = null;
        if (test.iterations() == 0) {
            smokeRun = smokeDuration != null ? smokeDuration : scale(duration, f);
            if (smokeRun.compareTo(MIN_SMOKE_DURATION) < 0) {
                smokeRun = duration.compareTo(MIN_SMOKE_DURATION) < 0 ? duration : MIN_SMOKE_DURATION;
            }
            timeFactor = (double) smokeRun.toNanos() / duration.toNanos();
        }
        long warmupIterations = test.warmupIterations() == 0 ? 0 : Math.max(1, Math.round(test.warmupIterations() * f));
        LoadPlan plan = open ? LoadPlan.open(test.arrivalRate() * f).withChannels(channels) : LoadPlan.closed(channels);
        plan = plan.withRamp(steps, scale(rampInterval, timeFactor)).withWarmupIterations(warmupIterations)
                .withWarmup(scale(warmup, timeFactor)).withExpectedInterval(expected).withTrials(test.smokeTrials())
                .withSampleInterval(sample);
        if (smokeRun != null) {
            return plan.withDuration(smokeRun);
        }
        long iterations = test.smokeIterations() > 0 ? test.smokeIterations()
                : Math.max(1, (long) Math.ceil(test.iterations() * f));
        return plan.withIterations(iterations);
    }

    private static void checkThresholds(LoadTest test, Checker c) {
        c.positive("p99WarnPercent", test.p99WarnPercent());
        c.positive("p99FailPercent", test.p99FailPercent());
        if (test.p99FailPercent() < test.p99WarnPercent()) {
            c.fail("'p99FailPercent' must be at least 'p99WarnPercent' (" + test.p99WarnPercent() + "), was "
                    + test.p99FailPercent());
        }
        c.positive("throughputWarnPercent", test.throughputWarnPercent());
        c.positive("memoryGrowthWarnPercent", test.memoryGrowthWarnPercent());
        double slope = test.memorySlopeFailMbPerSecond();
        if (!Double.isNaN(slope) && !(slope >= 0 && slope < Double.POSITIVE_INFINITY)) {
            c.fail("'memorySlopeFailMbPerSecond' must be a finite number >= 0, was " + slope);
        }
        double errors = test.errorRateFailPercent();
        if (!Double.isNaN(errors) && !(errors >= 0 && errors <= 100)) {
            c.fail("'errorRateFailPercent' must be between 0 and 100, was " + errors);
        }
        c.duration("latencyFloor", test.latencyFloor(), null);
    }

    /**
     * The rules this test is judged by: {@link Thresholds#defaults()}, scaled to
     * {@code loadtest.regressionThreshold} when set, then the annotation's overrides. A warn level
     * set above the (scaled) fail level raises the fail level to it, so the rules stay consistent.
     * Call after {@link #from}, which checks the attributes.
     */
    public static Thresholds thresholds(LoadTest test, Settings settings) {
        Thresholds t = Thresholds.defaults();
        if (settings.regressionThresholdPercent() != null) {
            t = t.scaledTo(settings.regressionThresholdPercent());
        }
        if (set(test.p99WarnPercent()) || set(test.p99FailPercent())) {
            double fail = set(test.p99FailPercent()) ? test.p99FailPercent() : t.latencyP99FailPercent();
            double warn = set(test.p99WarnPercent()) ? test.p99WarnPercent() : Math.min(t.latencyP99WarnPercent(), fail);
            t = t.withLatencyP99(warn, Math.max(warn, fail));
        }
        if (set(test.throughputWarnPercent())) {
            t = t.withThroughputDrop(test.throughputWarnPercent(),
                    Math.max(test.throughputWarnPercent(), t.throughputDropFailPercent()));
        }
        if (set(test.memoryGrowthWarnPercent())) {
            t = t.withMemoryGrowth(test.memoryGrowthWarnPercent(),
                    Math.max(test.memoryGrowthWarnPercent(), t.memoryGrowthFailPercent()));
        }
        if (set(test.memorySlopeFailMbPerSecond())) {
            t = t.withMemorySlopeLimit(test.memorySlopeFailMbPerSecond() * Thresholds.MB);
        }
        if (set(test.errorRateFailPercent())) {
            t = t.withErrorRatioLimit(test.errorRateFailPercent() / 100);
        }
        if (!test.latencyFloor().isBlank()) {
            t = t.withLatencyFloor(Durations.parse(test.latencyFloor()));
        }
        return t;
    }

    /** Whether a FAIL verdict fails this test: the annotation's switch, else the setting. */
    public static boolean failOnRegression(LoadTest test, Settings settings) {
        return switch (test.failOnRegression()) {
            case ON -> true;
            case OFF -> false;
            case SETTING -> settings.failOnRegression();
        };
    }

    private static boolean set(double attribute) {
        return !Double.isNaN(attribute);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.round(d.toNanos() * factor));
    }

    /** Collects problems; messages are built only when something is wrong. */
    private static final class Checker {
        private final String prefix;
        private final List<String> problems = new ArrayList<>();

        Checker(String prefix) {
            this.prefix = prefix;
        }

        void fail(String problem) {
            problems.add(prefix + problem);
        }

        /** Parses a duration attribute: empty gives {@code fallback}; a bad value is reported and gives null. */
        Duration duration(String attribute, String text, Duration fallback) {
            if (text == null || text.isBlank()) {
                return fallback;
            }
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                fail("'" + attribute + "' must be " + (e instanceof Durations.TooLong ? "at most "
                        + Durations.format(MAX_DURATION) : Durations.EXPECTED) + ", was '" + text + "'");
                return null;
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                fail("'" + attribute + "' must be at most " + Durations.format(MAX_DURATION)
                        + " (split a longer soak into several runs), was '" + text + "'");
                return null;
            }
            return d;
        }

        /** A percentage attribute: NaN (unset) or a finite number above 0. */
        void positive(String attribute, double value) {
            if (!Double.isNaN(value) && !(value > 0 && value < Double.POSITIVE_INFINITY)) {
                fail("'" + attribute + "' must be a finite number above 0, was " + value);
            }
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ExtensionConfigurationException(String.join("\n", problems));
            }
        }
    }
}
