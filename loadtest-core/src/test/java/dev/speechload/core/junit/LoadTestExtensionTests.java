package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.config.Settings;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.TargetException;
import dev.speechload.core.target.TargetUnavailableException;
import dev.speechload.core.testkit.FakeTarget;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("@LoadTest extension")
class LoadTestExtensionTests {

    @TempDir
    Path results;

    @Test
    void writesAPartialResultDuringTheRunAndTheFinalOneAfter() throws Exception {
        PartialTestCase.seen.set(null);
        execute(PartialTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        String during = PartialTestCase.seen.get();
        assertThat(during)
                .as("a partial result file existed while the load ran")
                .isNotNull();
        assertThat(PartialTestCase.finalDuring)
                .as("a final result file while the load ran")
                .isFalse();
        JsonNode partial = Json.mapper().readTree(during).get("result");
        assertThat(partial.get("partial").asBoolean()).isTrue();
        assertThat(partial.get("testName").asText()).isEqualTo("PartialTestCase.run");

        try (var files = Files.list(results)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .as("the partial file is replaced by the one final result")
                    .containsExactly("PartialTestCase.run.json");
        }
        RunResult last = ResultFiles.read(results.resolve("PartialTestCase.run.json"));
        assertThat(ResultFiles.readDocument(results.resolve("PartialTestCase.run.json"))
                        .extras()
                        .get("verdict"))
                .as("the final file holds the verdict")
                .isNotNull();
        assertThat(last.partial()).isFalse();
        assertThat(last.plan().scale()).isEqualTo("smoke");
        assertThat(last.plan().scaleNote())
                .as("a smoke-sized test is not said to be scaled")
                .isNull();
        assertThat(last.latency(RunResult.SERVICE_TIME).count()).isPositive();
        assertThat(last.timeSeries()).isNotEmpty();
        assertThat(last.environment().availableProcessors()).isPositive();
    }

    @Test
    void recordsMetricsTheTestDeclaresAndInjectsThePlanAtScale() throws Exception {
        execute(MetricsTestCase.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));
        RunResult r = ResultFiles.read(results.resolve("MetricsTestCase.run.json"));
        assertThat(r.latency("ttfe").count()).isEqualTo(2 * 5);
        assertThat(r.counters().get("bytes").total()).isEqualTo(2 * 5 * 100);
        assertThat(r.counters().get("bytes").unit()).isEqualTo("bytes");
        assertThat(r.plan().channels()).isEqualTo(2);
        assertThat(r.target().kind()).isEqualTo("process");
        assertThat(r.target().pid()).isEqualTo(4242);
    }

    @Test
    void saysWhatTheSmokeScaleMadeOfTheDeclaredPlanInTheResultAndOnThePage() throws Exception {
        execute(ScaledTestCase.class, Map.of(Settings.SCALE, "smoke"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        RunResult smoke = ResultFiles.read(results.resolve("ScaledTestCase.run.json"));
        assertThat(smoke.plan().scaleNote())
                .isEqualTo("smoke scale: 1 channel x 2 iterations (declared 10 x 20 iterations)");
        assertThat(Files.readString(results.resolve("ScaledTestCase.run.html")))
                .contains("smoke scale: 1 channel x 2 iterations (declared 10 x 20 iterations)");

        execute(ScaledTestCase.class, Map.of(Settings.SCALE, "full"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        RunResult full = ResultFiles.read(results.resolve("ScaledTestCase.run.json"));
        assertThat(full.plan().scaleNote()).isNull();
        assertThat(full.plan().channels()).isEqualTo(10);
    }

    @Test
    void startsTheTargetOnceBeforeTheFirstTestAndClosesItAfterTheClassEvenWhenATestFails() {
        TwoTestsTestCase.starts.set(0);
        TwoTestsTestCase.target.set(null);
        EngineExecutionResults r = execute(TwoTestsTestCase.class, Map.of());
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        assertThat(TwoTestsTestCase.starts).hasValue(1);
        assertThat(TwoTestsTestCase.target.get().closes()).isEqualTo(1);
    }

    @Test
    void writesTheIndexOnceWhenTheRunEndsListingEveryTestOfTheRun() throws Exception {
        IndexedTestCase.indexAfterFirst = null;
        execute(IndexedTestCase.class, Map.of())
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(IndexedTestCase.indexAfterFirst)
                .as("index.html after the first test, before the run ended")
                .isFalse();
        assertThat(Files.readString(results.resolve("index.html")))
                .contains("IndexedTestCase.first", "IndexedTestCase.second");
        assertThat(Files.readString(results.resolve("summary.md")))
                .contains("IndexedTestCase.first", "IndexedTestCase.second");
        try (var files = Files.list(results)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .as("one final result file per test")
                    .containsExactlyInAnyOrder("IndexedTestCase.first.json", "IndexedTestCase.second.json");
        }
    }

    @Test
    void skipsTestsWhenAContainerTargetCannotStartWithoutDocker() {
        EngineExecutionResults r = execute(NoDockerTestCase.class, Map.of());
        r.testEvents().assertStatistics(s -> s.started(1).aborted(1).failed(0));
        Throwable t = r.testEvents().aborted().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(t)
                .hasMessage("Docker is not available, so fake container target cannot start (start Docker, or"
                        + " run with -Dloadtest.target=process): skipping the load tests of NoDockerTestCase");
    }

    @Test
    void anExternalTargetSettingReplacesTheDeclaredTarget() throws Exception {
        ExternalTestCase.starts.set(0);
        ExternalTestCase.grpc.set(null);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + server.getLocalPort();
            execute(ExternalTestCase.class, Map.of(Settings.TARGET, "external", Settings.EXTERNAL_GRPC, address))
                    .testEvents()
                    .assertStatistics(s -> s.succeeded(1));
            assertThat(ExternalTestCase.starts).hasValue(0);
            assertThat(ExternalTestCase.grpc.get()).isEqualTo(address);
        }
    }

    @Test
    void skipsTestsWhenTheTargetIsUnavailableOnThisMachine() {
        execute(UnavailableTestCase.class, Map.of())
                .testEvents()
                .assertStatistics(s -> s.started(1).aborted(1).failed(0));
    }

    @Test
    void skipsTestsWhenTheLoadTargetMemberFindsTheTargetUnavailable() {
        EngineExecutionResults r = execute(UnavailableMemberTestCase.class, Map.of());
        r.testEvents().assertStatistics(s -> s.started(1).aborted(1).failed(0));
        Throwable why = r.testEvents().aborted().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(why)
                .hasMessage("no local server image was built: skipping the load tests of UnavailableMemberTestCase");
    }

    @Test
    void failsEveryLoadTestWithTheSettingsProblem() {
        EngineExecutionResults r = execute(MetricsTestCase.class, Map.of(Settings.SCALE, "fast"));
        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable t = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(t).hasMessage("loadtest settings: loadtest.scale=fast: expected smoke | full");
    }

    private EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testCase))
                .configurationParameter(Settings.RESULTS_DIR, results.toString())
                .configurationParameter(
                        Settings.BASELINES_DIR, results.resolve("baselines").toString());
        parameters.forEach(kit::configurationParameter);
        return kit.execute();
    }

    static class PartialTestCase {
        static final AtomicReference<String> seen = new AtomicReference<>();
        static volatile boolean finalDuring;

        @LoadTest(channels = 2, duration = "3500ms")
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            finalDuring = false;
            Path file = load.settings().resultsDir().resolve(load.testName() + ".partial.json");
            Path finalFile = load.settings().resultsDir().resolve(load.testName() + ".json");
            long start = System.nanoTime();
            load.run(iteration -> {
                Thread.sleep(5);
                finalDuring |= Files.exists(finalFile);
                if (seen.get() == null && System.nanoTime() - start > 3_000_000_000L && Files.exists(file)) {
                    seen.compareAndSet(null, Files.readString(file));
                }
            });
        }
    }

    static class MetricsTestCase {
        @LoadTarget
        static final Target SERVER = FakeTarget.noEndpoints().withPid(4242);

        @LoadTest(channels = 20, iterations = 50)
        void run(LoadContext load) throws Exception {
            assertThat(load.plan().channels()).isEqualTo(2);
            assertThat(load.plan().iterations()).isEqualTo(5);
            assertThat(load.testName()).isEqualTo("MetricsTestCase.run");
            LatencyMetric ttfe = load.latency("ttfe", "time to first event");
            CounterMetric bytes = load.counter("bytes", "bytes");
            load.run(iteration -> {
                iteration.record(ttfe, 1_000_000);
                iteration.add(bytes, 100);
            });
        }
    }

    static class ScaledTestCase {
        @LoadTarget
        static final Target SERVER = FakeTarget.noEndpoints();

        @LoadTest(channels = 10, iterations = 20)
        @Regression(failTest = Regression.Toggle.OFF)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> {});
        }
    }

    static class TwoTestsTestCase {
        static final AtomicInteger starts = new AtomicInteger();
        static final AtomicReference<FakeTarget> target = new AtomicReference<>();

        @LoadTarget
        static Target server(Settings settings) {
            FakeTarget t = FakeTarget.noEndpoints().withStartAction(starts::incrementAndGet);
            target.set(t);
            return t;
        }

        @LoadTest(iterations = 10, channels = 1)
        @Smoke(factor = 1)
        void passes(LoadContext load) throws Exception {
            load.run(iteration -> {});
        }

        @LoadTest(iterations = 10, channels = 1)
        @Smoke(factor = 1)
        void fails(LoadContext load) throws Exception {
            load.run(iteration -> {});
            throw new AssertionError("an SLO assertion failed");
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class IndexedTestCase {
        static volatile Boolean indexAfterFirst;

        @LoadTarget
        static final Target SERVER = FakeTarget.noEndpoints();

        @Order(1)
        @LoadTest(iterations = 5, channels = 1)
        void first(LoadContext load) throws Exception {
            load.run(iteration -> {});
        }

        @Order(2)
        @LoadTest(iterations = 5, channels = 1)
        void second(LoadContext load) throws Exception {
            Path dir = load.settings().resultsDir();
            // The first test's result is final by now; the index waits for the run's end.
            assertThat(dir.resolve("IndexedTestCase.first.json")).exists();
            indexAfterFirst = Files.exists(dir.resolve("index.html"));
            load.run(iteration -> {});
        }
    }

    static class NoDockerTestCase {
        @LoadTarget
        static Target server() {
            return FakeTarget.noEndpoints().withKind("container").withStartAction(() -> {
                throw new TargetException(
                        "could not start container",
                        new IllegalStateException("Could not find a valid Docker environment"));
            });
        }

        @LoadTest
        void run(LoadContext load) {}
    }

    static class UnavailableTestCase {
        @LoadTarget
        static Target server() {
            return FakeTarget.noEndpoints().withKind("container").withStartAction(() -> {
                throw new TargetUnavailableException("no Docker engine answers at unix:///var/run/docker.sock");
            });
        }

        @LoadTest
        void run(LoadContext load) {}
    }

    static class UnavailableMemberTestCase {
        @LoadTarget
        static Target server() {
            throw new TargetUnavailableException("no local server image was built");
        }

        @LoadTest
        void run(LoadContext load) {}
    }

    static class ExternalTestCase {
        static final AtomicInteger starts = new AtomicInteger();
        static final AtomicReference<String> grpc = new AtomicReference<>();

        @LoadTarget
        static Target server() {
            return FakeTarget.noEndpoints().withStartAction(starts::incrementAndGet);
        }

        @LoadTest
        void run(LoadContext load) {
            grpc.set(load.endpoints().grpcAuthority());
        }
    }
}
