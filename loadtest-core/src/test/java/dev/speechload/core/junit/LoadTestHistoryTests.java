package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.Settings;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryException;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Finished runs go to the run history; a history that cannot be written loses none of the run's files. */
@DisplayName("@LoadTest run history")
class LoadTestHistoryTests {

    private static final String UNWRITABLE = "jdbc:h2:file:/proc/speechload-no-such-dir/history";

    @TempDir
    Path dir;

    @Test
    void appendsEveryFinishedRunWithItsVerdict() {
        String url = "jdbc:h2:file:" + dir.resolve("history");
        execute(Map.of(Settings.HISTORY_URL, url)).testEvents().assertStatistics(s -> s.succeeded(1));
        execute(Map.of(Settings.HISTORY_URL, url)).testEvents().assertStatistics(s -> s.succeeded(1));

        History history = Histories.open(url);
        assertThat(history.runs("HistoryTestCase.run", 10))
                .hasSize(2)
                .extracting(HistoryRun::verdict)
                .doesNotContainNull();
        assertThat(history.runs("HistoryTestCase.run", 10).get(0).figures()).containsKey("latency.service_time.p99");
        assertThat(dir.resolve("results/trends.html")).content().contains("trends-HistoryTestCase.run.html");
        assertThat(dir.resolve("results/trends-HistoryTestCase.run.html"))
                .content()
                .contains("<svg");
    }

    @Test
    void passesAndKeepsTheResultFilesWhenTheHistoryCannotBeWritten() {
        EngineExecutionResults r = execute(Map.of(Settings.HISTORY_URL, UNWRITABLE));

        r.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(dir.resolve("results/HistoryTestCase.run.json")).isRegularFile();
        assertThat(dir.resolve("results/HistoryTestCase.run.html")).isRegularFile();
    }

    @Test
    void failsNamingTheStoreWhenTheHistoryIsRequiredAndCannotBeWritten() {
        EngineExecutionResults r = execute(Map.of(Settings.HISTORY_URL, UNWRITABLE, Settings.HISTORY, "required"));

        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable t = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(t)
                .isInstanceOf(HistoryException.class)
                .hasMessageStartingWith(
                        "could not append HistoryTestCase.run to the run history (H2 " + UNWRITABLE + "): ");
        assertThat(dir.resolve("results/HistoryTestCase.run.json")).isRegularFile();
    }

    @Test
    void writesNoHistoryWhenTurnedOff() {
        String url = "jdbc:h2:file:" + dir.resolve("history");
        execute(Map.of(Settings.HISTORY_URL, url, Settings.HISTORY, "off"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));

        assertThat(dir.resolve("history.mv.db")).doesNotExist();
    }

    @Test
    void appendsNoShardsOwnRunItHoldsPartOfTheLoad() {
        String url = "jdbc:h2:file:" + dir.resolve("history");
        execute(Map.of(Settings.HISTORY_URL, url, Settings.SHARD, "1/2"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));

        assertThat(ResultFiles.read(dir.resolve("results/HistoryTestCase.run.json"))
                        .sharding()
                        .index())
                .isEqualTo(1);
        assertThat(dir.resolve("history.mv.db")).as("a shard's run history").doesNotExist();
        assertThat(dir.resolve("results/trends.html")).doesNotExist();
    }

    @Test
    void aShardIsNotJudgedAgainstTheWholePlansBaseline() throws Exception {
        // The whole plan's baseline, then one shard of two with regressions failing the test.
        EngineExecutionResults recorded = execute(Map.of(Settings.HISTORY, "off", Settings.UPDATE_BASELINE, "true"));
        // A machine too busy for a trustworthy run refuses to record it as a baseline, by design.
        recorded.testEvents().failed().stream()
                .flatMap(e ->
                        e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).stream())
                .filter(t -> String.valueOf(t.getMessage()).contains("cannot become a baseline"))
                .findFirst()
                .ifPresent(t -> Assumptions.abort("the machine is too busy to record a baseline: " + t.getMessage()));
        recorded.testEvents().assertStatistics(s -> s.succeeded(1));
        execute(Map.of(
                        Settings.HISTORY,
                        "off",
                        Settings.SHARD,
                        "0/2",
                        Settings.FAIL_ON_REGRESSION,
                        "true",
                        Settings.INCONCLUSIVE,
                        "fail"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));

        TestOutcome shard = Reporters.read(dir.resolve("results/HistoryTestCase.run.json"));
        assertThat(shard.verdict().overall()).isEqualTo(VerdictStatus.NO_BASELINE);
        assertThat(shard.verdict().notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("Shard 0/2 of a plan run by 2" + " generators: not judged on its own"));
    }

    private EngineExecutionResults execute(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(Settings.RESULTS_DIR, dir.resolve("results").toString());
        all.put(Settings.BASELINES_DIR, dir.resolve("baselines").toString());
        // No baseline is recorded, and a busy machine's INCONCLUSIVE run passes: these tests are about the history.
        all.put(Settings.FAIL_ON_REGRESSION, "false");
        all.put(Settings.INCONCLUSIVE, "pass");
        all.putAll(parameters);
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(HistoryTestCase.class));
        all.forEach(kit::configurationParameter);
        return kit.execute();
    }

    static class HistoryTestCase {
        @LoadTest(channels = 2, iterations = 10)
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(2));
        }
    }
}
