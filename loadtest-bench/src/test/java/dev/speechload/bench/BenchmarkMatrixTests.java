package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.report.IndexReport;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.TargetException;
import dev.speechload.core.testkit.FakeTarget;
import dev.speechload.core.testkit.RunResultFixture;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.SttScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("BenchmarkMatrix")
class BenchmarkMatrixTests {

    /** Fake servers, one a pool size, that only record their life cycle; pool size 3 refuses to start. */
    private static final class FakeServers {
        final List<String> events = new ArrayList<>();
        private final Map<Target, Integer> pools = new IdentityHashMap<>();

        Target forPool(int pool) {
            Target target = FakeTarget.noEndpoints()
                    .withKind("fake")
                    .withStartAction(() -> {
                        if (pool == 3) {
                            throw new TargetException("port 50051 is in use");
                        }
                        events.add("start " + pool);
                    })
                    .withCloseAction(() -> events.add("close " + pool));
            pools.put(target, pool);
            return target;
        }

        int pool(Target target) {
            return pools.get(target);
        }
    }

    /** A run whose figures encode its cell: throughput = pool * 100 + channels, p50 = channels ms. */
    private static RunResult result(String name, LoadPlan plan, int pool) {
        long ms = RunResultFixture.MS;
        LatencySummary finalLatency = new LatencySummary(
                10,
                ms,
                plan.channels() * ms,
                2 * plan.channels() * ms,
                2 * plan.channels() * ms,
                3 * plan.channels() * ms,
                3 * plan.channels() * ms,
                4 * plan.channels() * ms,
                1.0,
                0.0,
                0);
        return RunResultFixture.run()
                .testName(name)
                .channels(plan.channels())
                .completed(100)
                .throughput(pool * 100 + plan.channels())
                .errors(1, 0.01 * pool)
                .latency(SttScenario.FINAL_LATENCY, finalLatency)
                .build();
    }

    @Test
    void runsEveryChannelCountAgainstAFreshServerPerPoolSizeAndWritesTheMatrix(@TempDir Path dir) throws Exception {
        FakeServers servers = new FakeServers();
        MatrixResult m = BenchmarkMatrix.named("fake")
                .withPoolSizes(1, 2)
                .withChannelCounts(5, 10)
                .withTargets(servers::forPool)
                .withScenario(iteration -> {})
                .withResultsDir(dir)
                .run((name, scenario, plan, target) -> {
                    servers.events.add("run " + name);
                    return result(name, plan, servers.pool(target));
                });

        assertThat(servers.events)
                .containsExactly(
                        "start 1",
                        "run fake-pool1-ch5",
                        "run fake-pool1-ch10",
                        "close 1",
                        "start 2",
                        "run fake-pool2-ch5",
                        "run fake-pool2-ch10",
                        "close 2");
        MatrixResult.Cell cell = m.cell(2, 10);
        assertThat(cell.throughputPerSecond()).isEqualTo(210.0);
        assertThat(cell.latencyP50Nanos()).isEqualTo(10_000_000);
        assertThat(cell.latencyP99Nanos()).isEqualTo(30_000_000);
        assertThat(cell.errorRatio()).isEqualTo(0.02);
        JsonNode json = Json.mapper().readTree(dir.resolve("matrices/fake.json").toFile());
        assertThat(json.get("poolSizes").toString()).isEqualTo("[1,2]");
        assertThat(json.get("channelCounts").toString()).isEqualTo("[5,10]");
        assertThat(json.get("rows").get(0).get(1).get("throughputPerSecond").asDouble())
                .isEqualTo(110.0);
        assertThat(json.get("latencyMetric").asText()).isEqualTo("stt.final_latency");
    }

    @Test
    void writesEachCellsReportAndAMatrixPageThatTheResultsIndexLists(@TempDir Path dir) throws Exception {
        FakeServers servers = new FakeServers();
        BenchmarkMatrix matrix = BenchmarkMatrix.named("fake")
                .withPoolSizes(1, 2)
                .withChannelCounts(5, 10)
                .withTargets(servers::forPool)
                .withScenario(iteration -> {})
                .withResultsDir(dir);
        matrix.run((name, scenario, plan, target) -> result(name, plan, servers.pool(target)));

        assertThat(matrix.reportFile())
                .isEqualTo(dir.resolve("fake-matrix.html"))
                .isRegularFile();
        assertThat(dir.resolve("fake-pool2-ch10.html")).isRegularFile();
        TestOutcome page = Reporters.read(dir.resolve("fake-matrix.json"));
        assertThat(page.matrices())
                .extracting(m -> m.title())
                .containsExactly("Throughput", "stt.final_latency p50", "stt.final_latency p99", "Error ratio");
        assertThat(page.matrices().get(0).cells()).isEqualTo(List.of(List.of(105.0, 110.0), List.of(205.0, 210.0)));
        assertThat(page.matrices().get(2).cells().get(1).get(1)).isEqualTo(30.0);
        assertThat(page.result().throughput().completedIterations()).isEqualTo(400);
        assertThat(page.result().errors().byCode()).isEqualTo(Map.of("TIMEOUT", 4L));
        assertThat(Files.readString(matrix.reportFile())).contains("Throughput (sessions/s)", "pool size");

        IndexReport index = Reporters.writeIndex(dir);
        assertThat(index.unreadable()).isEmpty();
        assertThat(index.tests()).contains("fake-matrix", "fake-pool1-ch5", "fake-pool2-ch10");
    }

    @Test
    void fillsTheRowOfAServerThatDoesNotStartWithTheReasonAndGoesOn(@TempDir Path dir) throws Exception {
        FakeServers servers = new FakeServers();
        MatrixResult m = BenchmarkMatrix.named("fake")
                .withPoolSizes(3, 4)
                .withChannelCounts(5)
                .withTargets(servers::forPool)
                .withScenario(iteration -> {})
                .withResultsDir(dir)
                .run((name, scenario, plan, target) -> {
                    if (servers.pool(target) == 4) {
                        throw new IllegalStateException("boom");
                    }
                    return result(name, plan, 4);
                });

        assertThat(m.cell(3, 5).failure()).isEqualTo("server for pool size 3 did not start: port 50051 is in use");
        assertThat(m.cell(4, 5).failure()).isEqualTo("fake-pool4-ch5 failed: java.lang.IllegalStateException: boom");
        assertThat(m.cell(4, 5).latencyP99Nanos()).isEqualTo(-1);
        assertThat(servers.events).containsExactly("close 3", "start 4", "close 4");
        TestOutcome page = Reporters.read(dir.resolve("fake-matrix.json"));
        assertThat(page.matrices().get(0).cells())
                .isEqualTo(java.util.Arrays.asList(
                        java.util.Arrays.asList((Double) null), java.util.Arrays.asList((Double) null)));
    }

    @Test
    void rejectsRepeatedOrNonPositiveSizes() {
        assertThatThrownBy(() -> BenchmarkMatrix.named("m").withPoolSizes(1, 1))
                .hasMessage("pool sizes must be one or more distinct values >= 1, were [1, 1]");
        assertThatThrownBy(() -> BenchmarkMatrix.named("m").withChannelCounts(0))
                .hasMessage("channel counts must be one or more distinct values >= 1, were [0]");
        assertThatThrownBy(() -> BenchmarkMatrix.named("a/b"))
                .hasMessage("matrix name 'a/b' must be letters, digits, '-', '_' or '.' (it becomes a file name)");
    }

    @Test
    void refusesToRunWithoutTargetsOrScenario() {
        assertThatThrownBy(() -> BenchmarkMatrix.named("m").run((n, s, p, t) -> null))
                .hasMessage("matrix m: withTargets(..) and withScenario(..) must be given before run(..)");
    }

    /**
     * The engine's cells against the real reference server, as small as still shows it: a fresh
     * server per row (two rows of one cell; the fake targets above show the order of starts, cells
     * and stops), each cell a real run whose report names its row's server.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void runsEveryCellThroughTheEngineOnAFreshReferenceServerPerPoolSize(@TempDir Path dir) throws Exception {
        BenchmarkMatrix matrix = BenchmarkMatrix.named("real")
                .withPoolSizes(1, 2)
                .withChannelCounts(2)
                .withTargets(
                        pool -> ReferenceServerProcess.create("256m", dir, "--decode-pool-size", String.valueOf(pool)))
                .withScenario(SttScenario.create(AudioSources.whiteNoise(Duration.ofSeconds(1), 16_000, 9)))
                .withPlan(LoadPlan.closed(1).withIterations(1))
                .withResultsDir(dir);

        MatrixResult m = matrix.run();

        JsonNode json = Json.mapper().readTree(matrix.resultFile().toFile());
        assertThat(json.get("poolSizes").toString()).isEqualTo("[1,2]");
        assertThat(json.get("channelCounts").toString()).isEqualTo("[2]");
        for (JsonNode row : json.get("rows")) {
            JsonNode cell = row.get(0);
            assertThat(cell.get("failure").isNull()).as(cell.toString()).isTrue();
            assertThat(cell.get("completedIterations").asLong())
                    .as("one session per channel: " + cell)
                    .isEqualTo(2);
            assertThat(cell.get("latencyP50Nanos").asLong()).as(cell.toString()).isPositive();
            assertThat(cell.get("errorRatio").asDouble()).as(cell.toString()).isZero();
        }
        assertThat(m.cell(2, 2).channels()).isEqualTo(2);
        assertThat(pid(dir, "real-pool2-ch2"))
                .as("a fresh server for pool size 2")
                .isPositive()
                .isNotEqualTo(pid(dir, "real-pool1-ch2"));
        assertThat(Reporters.read(dir.resolve("real-pool2-ch2.json"))
                        .result()
                        .target()
                        .description())
                .contains("--decode-pool-size 2");
        assertThat(Reporters.read(dir.resolve("real-matrix.json")).matrices()).hasSize(4);
    }

    private static long pid(Path dir, String test) throws Exception {
        return Reporters.read(dir.resolve(test + ".json")).result().target().pid();
    }
}
