package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.cli.SpeechloadCommand;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.ShardRun;
import dev.speechload.core.sample.ResourceProbes;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Distributed load on one machine: shard JVMs run one plan against one HTTP server on loopback,
 * starting together at {@code loadtest.startAt}; {@code speechload merge} adds them up exactly,
 * {@code compare} judges and {@code report} draws the merged result. Asserts what the toolkit
 * decided (counts, histograms, starts it chose), not how fast the busy machine was.
 */
@DisplayName("Distributed load: shard JVMs, one server, one merged result")
class DistributedRunTests {

    private static final String SERVER = "distributed.server";
    private static final String SERVER_PID = "distributed.serverPid";
    /**
     * From every shard JVM up to the common start: time for JUnit, the target and the scenario's
     * set-up in each, on a busy machine. A shard not ready by then aborts the test (never fails it).
     */
    private static final Duration START_MARGIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService handlers;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        handlers = Executors.newFixedThreadPool(8);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void threeShardsStartTogetherAndMergeExactly() throws Exception {
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(shard(ShardedTestCase.class, i + "/3"));
        }
        Instant startAt = startTogether(shards);
        for (int i = 0; i < 3; i++) {
            awaitSuccess(shards.get(i), i);
        }
        List<RunResult> results = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = dir.resolve("shard-" + i).resolve("ShardedTestCase.steady.json");
            files.add(file.toString());
            results.add(ResultFiles.read(file));
        }
        Path merged = Files.createDirectories(dir.resolve("merged")).resolve("ShardedTestCase.steady.json");
        List<String> args = new ArrayList<>(List.of("merge", "-o", merged.toString()));
        args.addAll(files);

        assertThat(cli(args.toArray(String[]::new))).isZero();

        RunResult m = ResultFiles.read(merged);
        assertThat(m.partial()).isFalse();
        assertThat(m.plan().channels()).isEqualTo(6);
        assertThat(results).extracting(r -> r.plan().channels()).containsExactly(2, 2, 2);
        assertThat(m.throughput().completedIterations())
                .isPositive()
                .isEqualTo(results.stream()
                        .mapToLong(r -> r.throughput().completedIterations())
                        .sum());
        Histogram sum = new Histogram(3);
        results.forEach(r -> sum.add(decode(r.histograms().get(RunResult.SERVICE_TIME))));
        assertThat(decode(m.histograms().get(RunResult.SERVICE_TIME))).isEqualTo(sum);
        assertThat(m.latency(RunResult.SERVICE_TIME).count()).isEqualTo(sum.getTotalCount());
        // Only shard 0 read the server; the others left it alone.
        assertThat(results.get(0).server()).isNotNull();
        assertThat(results.get(1).server()).isNull();
        assertThat(results.get(2).server()).isNull();
        assertThat(m.sharding().shards()).extracting(ShardRun::index).containsExactly(0, 1, 2);
        for (RunResult r : results) {
            assertThat(r.sharding().plannedStartEpochMillis()).isEqualTo(startAt.toEpochMilli());
        }

        // The shard JVMs kept no history of their own (a shard holds part of the load) ...
        assertThat(Histories.embeddedFile(dir)).as("a shard's run history").doesNotExist();
        String history = "jdbc:h2:file:" + dir.resolve("history");
        assertThat(cli(
                        "compare",
                        "--results",
                        merged.getParent().toString(),
                        "--baselines",
                        Files.createDirectories(dir.resolve("baselines")).toString(),
                        "--history",
                        history))
                .isZero();
        assertThat(out.toString()).contains("ShardedTestCase.steady");
        // ... the judged merge is appended like one run, marked with its shards.
        List<HistoryRun> runs = Histories.open(history).runs(null, 10);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.testName()).isEqualTo("ShardedTestCase.steady");
            assertThat(run.shards()).isEqualTo(3);
            assertThat(run.verdict()).isNotNull();
            assertThat(run.figures().get("throughput")).isEqualTo(m.throughput().throughputPerSecond());
        });
        assertThat(cli("report", "--results", merged.getParent().toString())).isZero();
        String page = Files.readString(merged.getParent().resolve("ShardedTestCase.steady.html"));
        assertThat(page)
                .contains(
                        "<h3 id=\"shards\">Shards</h3>",
                        "3 of 3 shards merged; planned start ",
                        "<td>1/3</td><td class=\"text\">" + files.get(1) + "</td><td>2</td>");
        for (RunResult r : results) {
            assertStartedAt(r, startAt.toEpochMilli(), "steady");
        }
    }

    /**
     * Two tests per shard JVM; after the first one, each shard dawdles for its index in seconds (a
     * slow report, a slow set-up), which would put the second test 2 s apart on the shards if it
     * started when each shard got to it. It starts on the common schedule instead:
     * {@code startAt + warm-up + duration + loadtest.startGap} on every shard.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyTestOfAShardStartsWithTheSameTestOfTheOthers() throws Exception {
        // More than shard 2's 2 s of dawdling plus writing a report, on a busy machine.
        Duration gap = Duration.ofSeconds(6);
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(shard(TwoTestsCase.class, i + "/3", "-Dloadtest.startGap=6s"));
        }
        Instant startAt = startTogether(shards);
        for (int i = 0; i < 3; i++) {
            awaitSuccess(shards.get(i), i);
        }
        long first = startAt.toEpochMilli();
        long second = startAt.plus(TwoTestsCase.DURATION).plus(gap).toEpochMilli();

        for (String test : List.of("first", "second")) {
            long planned = test.equals("first") ? first : second;
            List<String> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path file = dir.resolve("shard-" + i).resolve("TwoTestsCase." + test + ".json");
                files.add(file.toString());
                RunResult r = ResultFiles.read(file);
                assertThat(r.sharding().plannedStartEpochMillis())
                        .as("shard %d's planned start of %s", i, test)
                        .isEqualTo(planned);
                assertStartedAt(r, planned, test);
            }
            Path merged = dir.resolve("merged").resolve("TwoTestsCase." + test + ".json");
            List<String> args = new ArrayList<>(List.of("merge", "-o", merged.toString()));
            args.addAll(files);
            assertThat(cli(args.toArray(String[]::new))).isZero();
            RunResult m = ResultFiles.read(merged);
            assertThat(m.sharding().plannedStartEpochMillis()).isEqualTo(planned);
            assertThat(m.sharding().startSpreadMillis())
                    .as("%s: the shards' start spread", test)
                    .isLessThan(220);
            assertThat(out.toString())
                    .contains("the shards started within " + m.sharding().startSpreadMillis() + " ms of each other")
                    .doesNotContain("different planned starts");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aShardKilledMidRunMakesTheMergePartial() throws Exception {
        Process whole = shard(LongTestCase.class, "0/2");
        Process killed = shard(LongTestCase.class, "1/2");
        // No start is judged here: a short margin will do.
        startTogether(List.of(whole, killed), Duration.ofSeconds(2));
        Path killedFile = dir.resolve("shard-1").resolve("LongTestCase.steady.partial.json");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(killedFile) && System.nanoTime() < until && killed.isAlive()) {
            Thread.sleep(100);
        }
        assertThat(killedFile).as("shard 1's partial result").exists();
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        awaitSuccess(whole, 0);
        Path merged = dir.resolve("LongTestCase.steady.json");

        int code = cli(
                "merge",
                "-o",
                merged.toString(),
                dir.resolve("shard-0").resolve("LongTestCase.steady.json").toString(),
                killedFile.toString());

        assertThat(code).isZero();
        RunResult m = ResultFiles.read(merged);
        assertThat(m.partial()).isTrue();
        assertThat(m.sharding().shards()).extracting(ShardRun::partial).containsExactly(false, true);
        assertThat(out.toString())
                .contains("shard 1/2 (" + killedFile + ") was stopped before it ended: the merged"
                        + " result is marked partial");
    }

    private StringWriter out = new StringWriter();

    private int cli(String... args) {
        out = new StringWriter();
        CommandLine cmd = SpeechloadCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        return cmd.execute(args);
    }

    /**
     * Waits until every shard JVM is up ({@link ShardJvm}), then gives them one start
     * {@link #START_MARGIN} ahead.
     */
    private Instant startTogether(List<Process> shards) throws Exception {
        return startTogether(shards, START_MARGIN);
    }

    /** Waits until every shard JVM is up, then gives them one start {@code margin} ahead. */
    private Instant startTogether(List<Process> shards, Duration margin) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < shards.size(); i++) {
            Path ready = dir.resolve("ready-" + i);
            while (!Files.exists(ready)) {
                assertThat(shards.get(i).isAlive())
                        .as("shard %d is starting; its log:%n%s", i, logs(i))
                        .isTrue();
                assertThat(System.nanoTime() < until)
                        .as("shard %d up within 120 s; its log:%n%s", i, logs(i))
                        .isTrue();
                Thread.sleep(20);
            }
        }
        Instant startAt = Instant.now().plus(margin);
        Path go = dir.resolve("go");
        Path tmp = dir.resolve("go.tmp");
        Files.writeString(tmp, Long.toString(startAt.toEpochMilli()));
        Files.move(tmp, go, StandardCopyOption.ATOMIC_MOVE);
        return startAt;
    }

    /**
     * Shard {@code r} started its ramp at {@code planned}. A shard that started late and said so in
     * its log (its JVM was not ready by then: a busy machine, not a decision of the toolkit) aborts
     * the test, which cannot judge the start this time; it never fails it.
     */
    private void assertStartedAt(RunResult r, long planned, String test) throws IOException {
        int index = r.sharding().index();
        long late = r.sharding().actualStartEpochMillis() - planned;
        String log = logs(index);
        assertThat(late)
                .as("shard %d's start of %s against the planned one, in ms; its log:%n%s", index, test, log)
                .isGreaterThanOrEqualTo(-20);
        Assumptions.assumeTrue(
                late <= 200 || !log.contains("after its planned start"),
                () -> "shard " + index
                        + " started " + test + " " + late + " ms after the common start and said so: its JVM was not"
                        + " ready in time on this busy machine, so the common start cannot be judged this time");
        assertThat(late)
                .as("shard %d's start of %s after the planned one, in ms; its log:%n%s", index, test, log)
                .isLessThanOrEqualTo(200);
    }

    private Process shard(Class<?> testCase, String shard, String... settings) throws IOException {
        int index = Integer.parseInt(shard.substring(0, shard.indexOf('/')));
        Path results = dir.resolve("shard-" + index);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dloadtest.root=" + dir,
                "-Dloadtest.resultsDir=" + results,
                "-Dloadtest.baselinesDir=" + dir.resolve("baselines"),
                "-Dloadtest.scale=full",
                "-Dloadtest.progress=false",
                "-Dloadtest.inconclusive=pass",
                "-Dloadtest.shard=" + shard,
                "-D" + ShardJvm.READY + "=" + dir.resolve("ready-" + index),
                "-D" + ShardJvm.GO + "=" + dir.resolve("go"),
                "-D" + SERVER + "=http://127.0.0.1:" + server.getAddress().getPort(),
                "-D" + SERVER_PID + "=" + ProcessHandle.current().pid()));
        command.addAll(List.of(settings));
        command.addAll(List.of(ShardJvm.class.getName(), testCase.getName()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("shard-" + index + "-" + testCase.getSimpleName() + ".log")
                        .toFile())
                .start();
        started.add(p);
        return p;
    }

    private void awaitSuccess(Process p, int index) throws Exception {
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        String text = logs(index);
        assertThat(ended).as("shard %d ended; its log:%n%s", index, text).isTrue();
        assertThat(p.exitValue())
                .as("shard %d's exit code; its log:%n%s", index, text)
                .isZero();
    }

    /** What shard {@code index}'s JVMs logged. */
    private String logs(int index) throws IOException {
        StringBuilder text = new StringBuilder();
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("shard-" + index + "-"))
                    .toList()) {
                text.append(Files.readString(log));
            }
        }
        return text.toString();
    }

    private static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls the server once per iteration. */
    static void callServer(LoadContext load) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request = HttpRequest.newBuilder(load.endpoints().http())
                .timeout(Duration.ofSeconds(5))
                .build();
        load.run(iteration -> {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
        });
    }

    /** The server, read through /proc (it runs in the JVM that started the shards). */
    static Target external() {
        return Targets.external(null, URI.create(System.getProperty(SERVER)))
                .withResourceProbe(ResourceProbes.proc(Long.parseLong(System.getProperty(SERVER_PID))));
    }

    /** Run by {@link ShardJvm}: 6 channels in 2 steps, 3 s. */
    static class ShardedTestCase {
        @LoadTarget
        static Target server() {
            return external();
        }

        @LoadTest(channels = 6, rampSteps = 2, rampInterval = "500ms", duration = "3s")
        void steady(LoadContext load) throws Exception {
            callServer(load);
        }
    }

    /**
     * Run by {@link ShardJvm}: two tests in a fixed order; after the first, shard i takes i seconds
     * more than the others before it gets to the second.
     */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTestsCase {
        static final Duration DURATION = Duration.ofSeconds(2);

        @LoadTarget
        static Target server() {
            return external();
        }

        @Order(1)
        @LoadTest(channels = 6, duration = "2s")
        void first(LoadContext load) throws Exception {
            callServer(load);
            Thread.sleep(1_000L * load.settings().shard().index());
        }

        @Order(2)
        @LoadTest(channels = 6, duration = "2s")
        void second(LoadContext load) throws Exception {
            callServer(load);
        }
    }

    /** Run by {@link ShardJvm}: long enough to be killed after its first partial result. */
    static class LongTestCase {
        @LoadTarget
        static Target server() {
            return external();
        }

        @LoadTest(channels = 4, duration = "8s")
        void steady(LoadContext load) throws Exception {
            callServer(load);
        }
    }
}
