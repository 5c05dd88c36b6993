package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.ObjectiveRule;
import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.Environments;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadJudge;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.live.internal.LiveView;
import dev.speechload.core.live.internal.LiveViewException;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.RunResult;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs {@link LoadTest} methods; registered by the annotation, not API. Stateless: settings live
 * in the root store (parsed once), the started target in the class store (closed by JUnit when
 * the class ends), the method's {@link LoadContext} in the method store (its {@link LoadJudge} is made
 * from it on request).
 *
 * <p>Before each load test: settings, then the plan, the test's thresholds and objectives (checked: nothing
 * starts on a bad plan), then the claim on its result file ({@link ResultClaim}), then the class's
 * target (started once). After it: when the method ran
 * its plan, the last result goes to {@link RunFinisher} (written, recorded or judged, reported;
 * the test fails on a FAIL verdict when fail-on-regression is on).
 */
public final class LoadTestExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(LoadTestExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        LoadTest test = AnnotationSupport.findAnnotation(method, LoadTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(LoadTestExtension.class.getSimpleName()
                        + " runs @LoadTest methods only; " + method.getName() + " has no @LoadTest"));
        Settings settings = settings(context);
        LiveView live = live(context, settings);
        Class<?> testClass = context.getRequiredTestClass();
        LoadPlan plan = LoadPlans.from(test, testClass, method, settings);
        String scaleNote = settings.scale() == Scale.SMOKE
                ? ScaleNote.describe(
                        LoadPlans.from(test, testClass, method, Scale.FULL, settings.sampleInterval()), plan)
                : null;
        context.getStore(NAMESPACE)
                .put(ObjectivesKey.class, new ObjectivesKey(LoadPlans.objectives(testClass, method)));
        String testName = testClass.getSimpleName() + "." + method.getName();
        // Taken first, whatever happens next: every shard must take one slot per load test, in the
        // order they run, for the shards' schedules to stay the same.
        TestStarts starts = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        StartSchedule.class,
                        k -> new StartSchedule(settings.startAt(), settings.startGap()),
                        StartSchedule.class)
                .claim(testName, plan);
        DefaultLoadContext.channelThreads(settings); // a kind this JVM lacks fails here, before the target starts
        // Claimed before the target is used: a second run of this test into this results directory
        // fails here, before it loads the machine the first one is measuring on.
        context.getStore(NAMESPACE).put(ResultClaim.class, ResultClaim.acquire(testName, settings));
        StartedTarget target = target(context, settings);
        // A test that may not compare never starts the reference: it would call the class's
        // @LoadTarget member a second time, and such tests act on the one target they got.
        StartedTarget reference = test.compare()
                ? reference(context, settings)
                : TargetResolver.referenceAsked(context.getRequiredTestClass(), settings)
                        ? StartedTarget.absent("Not an A/B comparison: @LoadTest(compare = false) runs against the"
                                + " candidate alone; judged against its baseline")
                        : StartedTarget.none();
        EnvironmentInfo environment = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        EnvironmentInfo.class, k -> Environments.capture(settings.root()), EnvironmentInfo.class);
        context.getStore(NAMESPACE)
                .put(
                        LoadContext.class,
                        new DefaultLoadContext(
                                        testName,
                                        plan,
                                        scaleNote,
                                        settings,
                                        target,
                                        reference,
                                        environment,
                                        LoadPlans.thresholds(testClass, method, settings),
                                        LoadPlans.failOnRegression(testClass, method, settings))
                                .withStarts(starts)
                                .withLive(live));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        DefaultLoadContext load = context.getStore(NAMESPACE).get(LoadContext.class, DefaultLoadContext.class);
        if (load == null) {
            return;
        }
        LiveView live = load.live();
        BiConsumer<TestOutcome, Path> reported = (outcome, page) -> live.finished(
                load.testName(),
                outcome.verdict() == null
                        ? "NO VERDICT"
                        : outcome.verdict().overall().name(),
                outcome.result().health() == null
                        ? null
                        : outcome.result().health().status().name(),
                page == null ? null : page.getFileName().toString());
        RunResult finished = load.comparison() != null ? load.comparison().candidate() : load.result();
        // Registered before the run is judged: a test that fails is still in the index written at the end.
        RunReportsAtEnd atEnd = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        RunReportsAtEnd.class, k -> new RunReportsAtEnd(load.settings()), RunReportsAtEnd.class);
        if (HistoryStep.adds(finished, load.settings())) {
            atEnd.addTrendPages();
        }
        List<ObjectiveRule> objectives = context.getStore(NAMESPACE)
                .get(ObjectivesKey.class, ObjectivesKey.class)
                .rules();
        if (load.comparison() != null) {
            RunFinisher.finish(
                    load.comparison(),
                    load.settings(),
                    load.thresholds(),
                    load.failOnRegression(),
                    objectives,
                    reported);
            return;
        }
        RunResult result = load.result();
        if (result != null) {
            RunFinisher.finish(
                    result,
                    load.settings(),
                    load.thresholds(),
                    load.failOnRegression(),
                    objectives,
                    load.notCompared().stream().toList(),
                    reported);
        } else {
            // The method threw before its run completed: the view must not show it running forever.
            live.finished(load.testName(), "NO RESULT", null, null);
        }
    }

    /** A {@link LoadContext} to run the plan, a {@link LoadJudge} to judge in the test; @LoadTest methods only. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == LoadContext.class || type == LoadJudge.class)
                && context.getTestMethod()
                        .map(m -> AnnotationSupport.isAnnotated(m, LoadTest.class))
                        .orElse(false);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DefaultLoadContext load = context.getStore(NAMESPACE).get(LoadContext.class, DefaultLoadContext.class);
        return parameter.getParameter().getType() == LoadJudge.class ? load.judge() : load;
    }

    /** Parsed once per test run; a bad value fails every load test with the same message. */
    static Settings settings(ExtensionContext context) {
        Object parsed = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Settings.class, k -> {
            try {
                return Settings.load(
                        key -> context.getConfigurationParameter(key).orElseGet(() -> System.getProperty(key)),
                        System.getenv(),
                        System.console() != null);
            } catch (IllegalArgumentException e) {
                return new ExtensionConfigurationException("loadtest settings: " + e.getMessage());
            }
        });
        if (parsed instanceof ExtensionConfigurationException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
        return (Settings) parsed;
    }

    /**
     * The test run's live view, started once when {@code loadtest.live} is set. A port that cannot be
     * bound fails every load test's start with the same message: a view that was asked for and
     * cannot work is said loudly, before any load is sent, rather than missed in a log.
     */
    static LiveView live(ExtensionContext context, Settings settings) {
        if (settings.livePort() == null) {
            return LiveView.off();
        }
        Object started = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LiveView.class, k -> {
            try {
                return new LiveResource(LiveView.start(settings.livePort(), settings.resultsDir()));
            } catch (LiveViewException e) {
                return new ExtensionConfigurationException(e.getMessage(), e.getCause());
            }
        });
        if (started instanceof ExtensionConfigurationException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e.getCause());
        }
        return ((LiveResource) started).view();
    }

    /** The live view in the root store, closed by JUnit when the test run ends. */
    @SuppressWarnings("deprecation") // CloseableResource keeps JUnit versions before 5.13 closing it too.
    private record LiveResource(LiveView view) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            view.close();
        }
    }

    /**
     * The class's reference build for A/B comparisons, started on first use and kept for the whole
     * class; {@link StartedTarget#none()} when the class runs no A/B.
     */
    private static StartedTarget reference(ExtensionContext context, Settings settings) {
        return classTarget(
                context, ReferenceKey.class, testClass -> TargetResolver.startReference(testClass, settings));
    }

    /** The test's objectives in the method store, parsed before the target started. */
    private record ObjectivesKey(List<ObjectiveRule> rules) {}

    /** The class store's key of the reference build (the candidate's is {@code StartedTarget.class}). */
    private enum ReferenceKey {}

    /** The class's target, started on first use and kept (with any failure) for the whole class. */
    private static StartedTarget target(ExtensionContext context, Settings settings) {
        return classTarget(context, StartedTarget.class, testClass -> TargetResolver.start(testClass, settings));
    }

    /** A target kept in the class store under {@code key}: started once, closed by JUnit when the class ends. */
    private static StartedTarget classTarget(
            ExtensionContext context, Object key, Function<Class<?>, StartedTarget> start) {
        ExtensionContext classContext = context.getParent().orElse(context);
        Class<?> testClass = context.getRequiredTestClass();
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> start.apply(testClass), StartedTarget.class)
                .orThrow();
    }
}
