package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.core.testkit.FakeTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code loadtest.channelThreads}: a {@code @LoadTest}'s blocking channels on virtual threads
 * (Java 21+; {@code .ci/run} runs this class on Temurin 25 too), and the clear refusals.
 */
@DisplayName("@LoadTest loadtest.channelThreads")
class LoadTestChannelThreadsTests {

    /** Whether each iteration's thread was virtual, as the scenarios saw it. */
    static final Set<Boolean> VIRTUAL = ConcurrentHashMap.newKeySet();

    static final AtomicInteger ITERATIONS = new AtomicInteger();
    static final AtomicInteger TARGET_STARTS = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        VIRTUAL.clear();
        ITERATIONS.set(0);
        TARGET_STARTS.set(0);
    }

    @Test
    void runsALoadTestsChannelsOnVirtualThreadsWhenAskedOnJava21OrLater() throws Exception {
        assumeTrue(
                ChannelThreads.virtualAvailable(),
                "virtual threads need Java 21+; this JVM is " + Runtime.version()
                        + " (.ci/run runs this test on Temurin 25)");

        EngineExecutionResults r = execute(PlainTestCase.class, Map.of(Settings.CHANNEL_THREADS, "virtual"));

        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(VIRTUAL).containsExactly(true);
        RunResult result = ResultFiles.read(dir.resolve("results/PlainTestCase.run.json"));
        assertThat(result.throughput().completedIterations()).isEqualTo(3L * 5);
        assertThat(result.errors().failedIterations()).isZero();
    }

    @Test
    void runsBothSidesOfAnAbComparisonOnVirtualThreadsWhenAsked() throws Exception {
        assumeTrue(
                ChannelThreads.virtualAvailable(),
                "virtual threads need Java 21+; this JVM is " + Runtime.version()
                        + " (.ci/run runs this test on Temurin 25)");

        EngineExecutionResults r =
                execute(AbTestCase.class, Map.of(Settings.CHANNEL_THREADS, "virtual", Settings.COMPARE_PAIRS, "6"));

        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(VIRTUAL).containsExactly(true);
        assertThat(ITERATIONS.get())
                .as("6 pairs of 2 trials of 2 channels x 3 iterations")
                .isEqualTo(6 * 2 * 2 * 3);
        assertThat(Reporters.read(dir.resolve("results/AbTestCase.run.json")).comparison())
                .isNotNull();
    }

    @Test
    void platformThreadsRemainTheDefault() {
        EngineExecutionResults r = execute(PlainTestCase.class, Map.of());

        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(VIRTUAL).containsExactly(false);
    }

    @Test
    void refusesVirtualThreadsBeforeJava21BeforeTheTargetStartsAndSaysWhatToDo() {
        assumeFalse(ChannelThreads.virtualAvailable(), "this JVM (" + Runtime.version() + ") has virtual threads");

        EngineExecutionResults r = execute(PlainTestCase.class, Map.of(Settings.CHANNEL_THREADS, "virtual"));

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("loadtest.channelThreads=virtual: virtual channel threads need Java 21 or later; this JVM"
                        + " is " + Runtime.version() + ": run on a newer JDK, or use platform threads (the default)");
        assertThat(TARGET_STARTS.get()).as("the target is not started").isZero();
        assertThat(ITERATIONS.get()).isZero();
    }

    @Test
    void refusesAnUnknownKindNamingTheSettingAndTheChoices() {
        EngineExecutionResults r = execute(PlainTestCase.class, Map.of(Settings.CHANNEL_THREADS, "green"));

        r.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(failure(r))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("loadtest settings: loadtest.channelThreads=green: expected platform | virtual");
        assertThat(TARGET_STARTS.get()).isZero();
    }

    private static Throwable failure(EngineExecutionResults r) {
        return r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
    }

    /** Run as the live view's tests run theirs: no history, and a busy machine's verdict does not fail them. */
    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        LoadTestLiveTests kit = new LoadTestLiveTests();
        kit.dir = dir;
        return kit.execute(testCase, parameters);
    }

    /** One iteration of either fixture: notes its thread's kind. */
    static void iteration() throws InterruptedException {
        VIRTUAL.add(onVirtualThread());
        ITERATIONS.incrementAndGet();
        Thread.sleep(2);
    }

    /** Whether the running thread is virtual; {@code Thread.isVirtual()} is Java 21 API and this module compiles for 17. */
    static boolean onVirtualThread() {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        } catch (NoSuchMethodException e) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static class PlainTestCase {
        @LoadTarget
        static Target target() {
            return FakeTarget.noEndpoints().withStartAction(TARGET_STARTS::incrementAndGet);
        }

        @LoadTest(channels = 3, iterations = 5)
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> iteration());
        }
    }

    static class AbTestCase extends FakeAbTargets {
        @LoadTest(channels = 2, iterations = 3)
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> iteration());
        }
    }
}
