package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.config.Settings;
import dev.speechload.core.io.internal.WriterLock;
import dev.speechload.core.target.Target;
import dev.speechload.core.testkit.FakeTarget;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("@LoadTest claims its result file")
class ResultClaimTests {

    @TempDir
    Path results;

    @Test
    void aSecondRunOfTheSameTestIntoTheSameResultsFailsBeforeItStartsItsTarget() throws Exception {
        ClaimedTestCase.starts.set(0);
        ClaimedTestCase.iterations.set(0);
        Path file = ResultFiles.file(results, "ClaimedTestCase.run");
        // The other run: another JVM in real life (WriterLockTests covers that); here this thread.
        try (WriterLock other = WriterLock.acquire(file, "the load test ClaimedTestCase.run", "")) {
            EngineExecutionResults r = execute();
            r.testEvents().assertStatistics(s -> s.started(1).failed(1));
            Throwable t = r.testEvents().failed().stream()
                    .findFirst()
                    .orElseThrow()
                    .getPayload(TestExecutionResult.class)
                    .orElseThrow()
                    .getThrowable()
                    .orElseThrow();
            assertThat(t)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(file + " is being written by another run: the load test ClaimedTestCase.run"
                            + " (pid " + ProcessHandle.current().pid() + " on ")
                    .hasMessageEndingWith(" Wait for that run to end, or give this one its own results directory:"
                            + " -Dloadtest.resultsDir=<dir>");
            assertThat(ClaimedTestCase.starts).as("its target never started").hasValue(0);
            assertThat(ClaimedTestCase.iterations).as("it sent no load").hasValue(0);
            assertThat(file).as("nothing of the other run's was overwritten").doesNotExist();
        }
        execute().testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(file)
                .as("once the other run is over, the test runs and writes")
                .exists();
    }

    @Test
    void releasesTheClaimWhenTheTestEndsSoTheNextRunOfItProceeds() throws Exception {
        execute().testEvents().assertStatistics(s -> s.succeeded(1));
        try (WriterLock next = WriterLock.acquire(ResultFiles.file(results, "ClaimedTestCase.run"), "next", "")) {
            assertThat(next.lockFile()).exists();
        }
    }

    private EngineExecutionResults execute() {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ClaimedTestCase.class))
                .configurationParameter(Settings.RESULTS_DIR, results.toString())
                .configurationParameter(
                        Settings.BASELINES_DIR, results.resolve("baselines").toString())
                .execute();
    }

    static class ClaimedTestCase {
        static final AtomicInteger starts = new AtomicInteger();
        static final AtomicInteger iterations = new AtomicInteger();

        @LoadTarget
        static Target server() {
            return FakeTarget.noEndpoints().withStartAction(starts::incrementAndGet);
        }

        @LoadTest(channels = 1, iterations = 3)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> iterations.incrementAndGet());
        }
    }
}
