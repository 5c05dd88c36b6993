package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.ObjectiveRule;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.config.Durations;
import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Objective;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one place where a {@link LoadTest} annotation becomes a checked {@link LoadPlan}, and its
 * {@link Smoke}, {@link Regression} and {@link Objective} annotations (on the method or its class)
 * become the smoke plan, the {@link Thresholds} and the {@link ObjectiveRule}s, before any target
 * starts. Every problem is reported at once, one line each, naming the annotation and where it is:
 * {@code @LoadTest on [Class#method]: 'rampSteps' must be between 1 and 'channels' (50), was 0},
 * {@code @Smoke on [Class]: 'factor' must be above 0 and at most 1, was 2.0}.
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
    /** The smoke factor when {@link Smoke#factor()} is not set. */
    public static final double DEFAULT_SMOKE_FACTOR = 0.1;
    /** Shortest duration the smoke factor scales down to. */
    public static final Duration MIN_SMOKE_DURATION = Duration.ofSeconds(1);

    private LoadPlans() {}

    /** The full-scale plan, with a 1 s sample interval unless the annotation sets one. */
    public static LoadPlan from(LoadTest test, Method method) {
        return from(test, method.getDeclaringClass(), method, Scale.FULL, Duration.ofSeconds(1));
    }

    /**
     * The plan at the settings' scale, with their sample interval unless the annotation sets one;
     * with {@code loadtest.shard}, this generator's share of it ({@link LoadPlan#shard}).
     */
    public static LoadPlan from(LoadTest test, Class<?> testClass, Method method, Settings settings) {
        LoadPlan plan = from(test, testClass, method, settings.scale(), settings.sampleInterval());
        if (settings.shard() == null) {
            return plan;
        }
        try {
            return plan.shard(settings.shard());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(
                    "@LoadTest on [" + method.getDeclaringClass().getSimpleName() + "#" + method.getName() + "]: "
                            + Settings.SHARD + "=" + settings.shard() + ": " + e.getMessage());
        }
    }

    /** As {@link #from(LoadTest, Class, Method, Scale, Duration)} for a method of the class that declares it. */
    public static LoadPlan from(LoadTest test, Method method, Scale scale, Duration defaultSampleInterval) {
        return from(test, method.getDeclaringClass(), method, scale, defaultSampleInterval);
    }

    /**
     * Checks {@code test}, the {@link Smoke}, {@link Regression} and {@link Objective} annotations
     * of the method and its class, and builds the plan at {@code scale}.
     *
     * @param testClass             the class the test runs in (its {@code @Smoke} and {@code @Regression}
     *                              apply where the method sets none)
     * @param defaultSampleInterval used when the annotation's {@code sampleInterval} is empty
     * @throws ExtensionConfigurationException listing every bad attribute
     */
    public static LoadPlan from(
            LoadTest test, Class<?> testClass, Method method, Scale scale, Duration defaultSampleInterval) {
        Checker c = new Checker("@LoadTest on [" + testClass.getSimpleName() + "#" + method.getName() + "]: ");
        Layered<Smoke> smoke = Layered.of(Smoke.class, testClass, method);
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
            c.fail("'duration' and 'iterations' exclude each other: set one, were '" + test.duration() + "' and "
                    + test.iterations());
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
                        + steps + ") x 'rampInterval' (" + Durations.format(rampInterval) + ") = "
                        + Durations.format(ramp));
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
                c.fail("'warmupIterations' must be 0 in the open model ('arrivalRate' " + rate + "); use 'warmup', was "
                        + test.warmupIterations());
            }
            if (expected != null && !expected.isZero()) {
                c.fail("'expectedInterval' applies to the closed model only; the open model ('arrivalRate' " + rate
                        + ") measures from each arrival's intended start, was " + test.expectedInterval());
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
        double factor = smoke.isSet("factor") ? smoke.<Double>value("factor") : DEFAULT_SMOKE_FACTOR;
        if (!(factor > 0 && factor <= 1)) {
            c.fail(smoke.where("factor"), "'factor' must be above 0 and at most 1, was " + factor);
        }
        int smokeChannels = smoke.value("channels");
        if (smokeChannels < 0 || (channelsOk && smokeChannels > channels)) {
            c.fail(
                    smoke.where("channels"),
                    "'channels' must be between 1 and @LoadTest 'channels' (" + channels
                            + ") (0, unset, uses 'factor'), was " + smokeChannels);
        }
        String smokeDurationText = smoke.value("duration");
        Duration smokeDuration = c.duration(smoke.where("duration"), "duration", smokeDurationText, null);
        if (smokeDuration != null) {
            if (byIterations) {
                c.fail(
                        smoke.where("duration"),
                        "'duration' needs a plan bounded by @LoadTest 'duration', not" + " 'iterations', was "
                                + smokeDurationText);
            } else if (smokeDuration.isZero() || (duration != null && smokeDuration.compareTo(duration) > 0)) {
                c.fail(
                        smoke.where("duration"),
                        "'duration' must be above 0 and at most @LoadTest 'duration' (" + Durations.format(duration)
                                + "), was " + smokeDurationText);
            }
        }
        long smokeIterations = smoke.value("iterations");
        if (smokeIterations < 0
                || (smokeIterations > 0 && !byIterations)
                || (byIterations && smokeIterations > test.iterations())) {
            c.fail(
                    smoke.where("iterations"),
                    "'iterations' must be between 1 and @LoadTest 'iterations' (" + test.iterations()
                            + ") (0, unset, uses 'factor'), was " + smokeIterations);
        }
        int smokeTrials = smoke.isSet("trials") ? smoke.<Integer>value("trials") : 1;
        if (smokeTrials < 1 || smokeTrials > Math.max(1, test.trials())) {
            c.fail(
                    smoke.where("trials"),
                    "'trials' must be between 1 and @LoadTest 'trials' (" + test.trials() + "), was " + smokeTrials);
        }
        checkRegression(Layered.of(Regression.class, testClass, method), c);
        objectives(testClass, method, c);
        c.throwIfAny();

        if (scale == Scale.SMOKE) {
            return smoke(
                    test,
                    new SmokeValues(factor, smokeChannels, smokeDuration, smokeIterations, smokeTrials),
                    open,
                    rampInterval,
                    warmup,
                    duration,
                    expected,
                    sample);
        }
        LoadPlan plan = open ? LoadPlan.open(rate).withChannels(channels) : LoadPlan.closed(channels);
        plan = plan.withRamp(steps, rampInterval)
                .withWarmupIterations(test.warmupIterations())
                .withWarmup(warmup)
                .withExpectedInterval(expected)
                .withTrials(test.trials())
                .withSampleInterval(sample);
        return byIterations ? plan.withIterations(test.iterations()) : plan.withDuration(duration);
    }

    /** Scales a valid full-scale plan down; consistent by construction (the ramp still fits). */
    private static LoadPlan smoke(
            LoadTest test,
            SmokeValues smoke,
            boolean open,
            Duration rampInterval,
            Duration warmup,
            Duration duration,
            Duration expected,
            Duration sample) {
        double f = smoke.factor();
        Duration smokeDuration = smoke.duration();
        int channels = smoke.channels() > 0 ? smoke.channels() : (int) Math.max(1, Math.round(test.channels() * f));
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
        plan = plan.withRamp(steps, scale(rampInterval, timeFactor))
                .withWarmupIterations(warmupIterations)
                .withWarmup(scale(warmup, timeFactor))
                .withExpectedInterval(expected)
                .withTrials(smoke.trials())
                .withSampleInterval(sample);
        if (smokeRun != null) {
            return plan.withDuration(smokeRun);
        }
        long iterations =
                smoke.iterations() > 0 ? smoke.iterations() : Math.max(1, (long) Math.ceil(test.iterations() * f));
        return plan.withIterations(iterations);
    }

    /** The smoke settings of one test, resolved and checked. */
    private record SmokeValues(double factor, int channels, Duration duration, long iterations, int trials) {}

    private static void checkRegression(Layered<Regression> r, Checker c) {
        c.positive(r, "p99WarnPercent");
        c.positive(r, "p99FailPercent");
        double warn = r.value("p99WarnPercent");
        double fail = r.value("p99FailPercent");
        if (fail < warn) {
            c.fail(
                    r.where("p99FailPercent"),
                    "'p99FailPercent' must be at least 'p99WarnPercent' (" + warn + "), was " + fail);
        }
        c.positive(r, "throughputWarnPercent");
        c.positive(r, "memoryGrowthWarnPercent");
        double slope = r.value("memorySlopeFailMbPerSecond");
        if (!Double.isNaN(slope) && !(slope >= 0 && slope < Double.POSITIVE_INFINITY)) {
            c.fail(
                    r.where("memorySlopeFailMbPerSecond"),
                    "'memorySlopeFailMbPerSecond' must be a finite number" + " >= 0, was " + slope);
        }
        double errors = r.value("errorRateFailPercent");
        if (!Double.isNaN(errors) && !(errors >= 0 && errors <= 100)) {
            c.fail(r.where("errorRateFailPercent"), "'errorRateFailPercent' must be between 0 and 100, was " + errors);
        }
        c.duration(r.where("latencyFloor"), "latencyFloor", r.value("latencyFloor"), null);
    }

    /**
     * The rules this test is judged by: {@link Thresholds#defaults()}, scaled to
     * {@code loadtest.regressionThreshold} when set, then the {@link Regression} values of the
     * method, else of its class. A warn level set above the (scaled) fail level raises the fail
     * level to it, so the rules stay consistent. Call after {@link #from}, which checks them.
     */
    public static Thresholds thresholds(Class<?> testClass, Method method, Settings settings) {
        Layered<Regression> r = Layered.of(Regression.class, testClass, method);
        Thresholds t = Thresholds.defaults();
        if (settings.regressionThresholdPercent() != null) {
            t = t.scaledTo(settings.regressionThresholdPercent());
        }
        double p99Warn = r.value("p99WarnPercent");
        double p99Fail = r.value("p99FailPercent");
        if (set(p99Warn) || set(p99Fail)) {
            double fail = set(p99Fail) ? p99Fail : t.latencyP99FailPercent();
            double warn = set(p99Warn) ? p99Warn : Math.min(t.latencyP99WarnPercent(), fail);
            t = t.withLatencyP99(warn, Math.max(warn, fail));
        }
        double throughputWarn = r.value("throughputWarnPercent");
        if (set(throughputWarn)) {
            t = t.withThroughputDrop(throughputWarn, Math.max(throughputWarn, t.throughputDropFailPercent()));
        }
        double memoryWarn = r.value("memoryGrowthWarnPercent");
        if (set(memoryWarn)) {
            t = t.withMemoryGrowth(memoryWarn, Math.max(memoryWarn, t.memoryGrowthFailPercent()));
        }
        double slope = r.value("memorySlopeFailMbPerSecond");
        if (set(slope)) {
            t = t.withMemorySlopeLimit(slope * Thresholds.MB);
        }
        double errors = r.value("errorRateFailPercent");
        if (set(errors)) {
            t = t.withErrorRatioLimit(errors / 100);
        }
        String floor = r.value("latencyFloor");
        if (!floor.isBlank()) {
            t = t.withLatencyFloor(Durations.parse(floor));
        }
        return t;
    }

    /** Whether a FAIL verdict fails this test: {@link Regression#failTest()} of the method, else its class, else the setting. */
    public static boolean failOnRegression(Class<?> testClass, Method method, Settings settings) {
        Regression.Toggle toggle =
                Layered.of(Regression.class, testClass, method).value("failTest");
        return switch (toggle) {
            case ON -> true;
            case OFF -> false;
            case SETTING -> settings.failOnRegression();
        };
    }

    /**
     * The test's {@link Objective}s, parsed: its class's (and superclasses', enclosing classes'),
     * then the method's; a method's rule on the same metric and statistic replaces the class's.
     * Call after {@link #from}, which checks them.
     */
    public static List<ObjectiveRule> objectives(Class<?> testClass, Method method) {
        Checker c = new Checker("");
        List<ObjectiveRule> rules = objectives(testClass, method, c);
        c.throwIfAny();
        return rules;
    }

    private static List<ObjectiveRule> objectives(Class<?> testClass, Method method, Checker c) {
        Map<String, ObjectiveRule> bySubject = new LinkedHashMap<>();
        String where = "@Objective on [" + testClass.getSimpleName();
        List<Class<?>> outermostFirst = new ArrayList<>();
        for (Class<?> k = testClass; k != null; k = k.getEnclosingClass()) {
            outermostFirst.add(0, k);
        }
        for (Class<?> k : outermostFirst) {
            parse(
                    AnnotationSupport.findRepeatableAnnotations(k, Objective.class),
                    "@Objective on [" + k.getSimpleName() + "]: ",
                    bySubject,
                    c);
        }
        Map<String, ObjectiveRule> own = new LinkedHashMap<>();
        parse(
                AnnotationSupport.findRepeatableAnnotations(method, Objective.class),
                where + "#" + method.getName() + "]: ",
                own,
                c);
        own.keySet().forEach(bySubject::remove);
        bySubject.putAll(own);
        return List.copyOf(bySubject.values());
    }

    private static void parse(List<Objective> declared, String where, Map<String, ObjectiveRule> into, Checker c) {
        for (Objective o : declared) {
            try {
                ObjectiveRule rule = ObjectiveRule.parse(o.value());
                into.put(rule.subject(), rule);
            } catch (IllegalArgumentException e) {
                c.fail(where, "'" + o.value() + "': " + e.getMessage());
            }
        }
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

        /** A problem of another annotation than {@code @LoadTest}: {@code where} names it. */
        void fail(String where, String problem) {
            problems.add(where + problem);
        }

        Duration duration(String attribute, String text, Duration fallback) {
            return duration(prefix, attribute, text, fallback);
        }

        /** Parses a duration attribute: empty gives {@code fallback}; a bad value is reported and gives null. */
        Duration duration(String where, String attribute, String text, Duration fallback) {
            if (text == null || text.isBlank()) {
                return fallback;
            }
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                fail(
                        where,
                        "'" + attribute + "' must be "
                                + (e instanceof Durations.TooLong
                                        ? "at most " + Durations.format(MAX_DURATION)
                                        : Durations.EXPECTED)
                                + ", was '" + text + "'");
                return null;
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                fail(
                        where,
                        "'" + attribute + "' must be at most " + Durations.format(MAX_DURATION)
                                + " (split a longer soak into several runs), was '" + text + "'");
                return null;
            }
            return d;
        }

        /** A percentage attribute: NaN (unset) or a finite number above 0. */
        void positive(Layered<Regression> r, String attribute) {
            double value = r.value(attribute);
            if (!Double.isNaN(value) && !(value > 0 && value < Double.POSITIVE_INFINITY)) {
                fail(r.where(attribute), "'" + attribute + "' must be a finite number above 0, was " + value);
            }
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ExtensionConfigurationException(String.join("\n", problems));
            }
        }
    }
}
