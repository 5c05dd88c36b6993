package dev.speechload.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same round trips on both backends: the embedded H2 file and a throwaway PostgreSQL server (skipped,
 * saying why, where none can start). Each test uses its own test names, so the PostgreSQL server is shared.
 */
@DisplayName("run history store")
class HistoryStoreTests {

    @TempDir
    Path dir;

    private History store(String backend) {
        return Histories.open(url(backend));
    }

    private String url(String backend) {
        return backend.equals("h2")
                ? "jdbc:h2:file:" + dir.resolve("history")
                : PostgresServer.shared().urlOrSkip();
    }

    private static String unique(String name) {
        return name + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void keepsEveryFigureVerdictAndTheWholeResultOfAnAppendedRun(String backend) {
        History history = store(backend);
        String test = unique("Store.roundTrip");
        RunResult run = HistoryFixtures.run(test, 1, 12_000_000L, HealthStatus.HEALTHY);
        Verdict verdict = new Verdict(test, VerdictStatus.PASS, true, List.of(), List.of("fine"));

        long id = history.append(run, verdict, "main");

        HistoryRun stored = history.runs(test, 10).get(0);
        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.gitCommit()).isEqualTo("c1");
        assertThat(stored.gitBranch()).isEqualTo("main");
        assertThat(stored.health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(stored.verdict()).isEqualTo("PASS");
        assertThat(stored.startedAtEpochMillis()).isEqualTo(run.startedAtEpochMillis());
        assertThat(stored.environment()).contains("2 cores", "Java 17.0.9");
        assertThat(stored.figures())
                .containsEntry("latency.service_time.p99", 12_000_000.0)
                .containsEntry("throughput", 100.0)
                .containsEntry("errors.ratio", 0.0)
                .containsKeys("memory.peak", "fds.peak", "threads.peak");
        RunResult back = history.result(id).orElseThrow();
        assertThat(back).isEqualTo(run);
        assertThat(back.histograms()).containsKey(RunResult.SERVICE_TIME);
        assertThat(history.tests()).contains(test);
        assertThat(history.metrics(test)).contains("latency.service_time.p99", "throughput");
        assertThat(history.result(id + 1_000_000)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void listsRunsNewestFirstAndTrendsOldestFirstKeepingCompromisedRunsMarked(String backend) {
        History history = store(backend);
        String test = unique("Store.trend");
        history.append(HistoryFixtures.run(test, 3, 30_000_000L, HealthStatus.COMPROMISED), null, null);
        history.append(HistoryFixtures.run(test, 1, 10_000_000L, HealthStatus.HEALTHY), null, null);
        history.append(HistoryFixtures.run(test, 2, 20_000_000L, HealthStatus.DEGRADED), null, null);

        assertThat(history.runs(test, 2)).extracting(HistoryRun::gitCommit).containsExactly("c3", "c2");
        List<TrendPoint> trend = history.trend(test, "latency.service_time.p99");
        assertThat(trend).extracting(TrendPoint::value).containsExactly(10e6, 20e6, 30e6);
        assertThat(trend).extracting(TrendPoint::usable).containsExactly(true, true, false);
        assertThat(history.trend(test, "no.such.metric")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void keepsARunAppendedTwiceOnce(String backend) {
        History history = store(backend);
        String test = unique("Store.twice");
        RunResult run = HistoryFixtures.run(test, 1, 10_000_000L, null);

        long first = history.append(run, null, null);
        long second = history.append(run, null, null);

        assertThat(second).isEqualTo(first);
        assertThat(history.runs(test, 10)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void keepsEveryRunOfWritersAppendingAtOnce(String backend) throws Exception {
        History history = store(backend);
        String test = unique("Store.concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Long>> appends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                // Each writer opens the store itself, as separate test JVMs would.
                History own = Histories.open(url(backend));
                appends.add(() -> own.append(HistoryFixtures.run(test, n, 10_000_000L + n, null), null, null));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(appends)) {
                ids.add(f.get());
            }
            assertThat(ids).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(history.runs(test, 100)).hasSize(20);
        assertThat(history.trend(test, "latency.service_time.p99")).hasSize(20);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void namesTheStoreAndTheCauseWhenItCannotBeReached(String backend) {
        String url = backend.equals("h2")
                ? "jdbc:h2:file:/proc/no-such-dir/history"
                : "jdbc:postgresql://127.0.0.1:1/nowhere?user=postgres&password=secret&connectTimeout=2";
        History history = Histories.open(url);

        assertThatThrownBy(
                        () -> history.append(HistoryFixtures.run("Store.unreachable", 1, 1_000_000L, null), null, null))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("the run history ("
                        + (backend.equals("h2")
                                ? "H2 jdbc:h2:file:/proc/no-such-dir/history"
                                : "PostgreSQL jdbc:postgresql://127.0.0.1:1/nowhere")
                        + ")")
                .message()
                .doesNotContain("secret");
    }
}
