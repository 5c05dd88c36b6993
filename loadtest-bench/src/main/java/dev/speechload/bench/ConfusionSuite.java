package dev.speechload.bench;

import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.engine.Environments;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.Targets;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SttScenario;
import dev.speechload.server.SpeechServerMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite the verdict confusion table is measured with: short STT sessions (0.2 s of seeded
 * noise, sent as fast as flow control allows, final result only) on four channels, against a
 * <em>fresh</em> reference server per run (so leaks and heaps never carry over), warmed up for
 * {@link #SERVER_WARMUP}, then {@code trials} trials. Short sessions give hundreds of requests
 * per second, so a trial has enough values to support a p99 and a slow leak (10 KB per request,
 * one descriptor per 50 requests) adds up within seconds. The server JVM is set up like the
 * regression gate's ({@code GateSuite} in loadtest-suites): its RSS grows only when something
 * leaks. Not thread-safe: one run at a time.
 */
final class ConfusionSuite {

    static final String FINAL_LATENCY = SttScenario.FINAL_LATENCY;
    private static final Duration SERVER_WARMUP = Duration.ofSeconds(2);
    private static final List<String> BASE_FLAGS = List.of("--engine-rtf", "0.03", "--decode-pool-size", "2");
    private static final List<String> SERVER_JVM = List.of(
            "-Xms96m",
            "-Xmx96m",
            "-XX:+AlwaysPreTouch",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:MaxDirectMemorySize=2g");

    private final LoadPlan plan;
    private final Path logDir;
    private final EnvironmentInfo environment;

    /**
     * @param trials         trials per run (at least 3, so the trial rule can judge)
     * @param measuredMillis measured time per trial (after 0.5 s of warm-up)
     */
    ConfusionSuite(int trials, long measuredMillis, Path logDir) {
        this.plan = LoadPlan.closed(4)
                .withWarmup(Duration.ofMillis(500))
                .withDuration(Duration.ofMillis(measuredMillis))
                .withTrials(trials)
                .withSampleInterval(Duration.ofMillis(250));
        this.logDir = logDir;
        this.environment = Environments.capture(Path.of("").toAbsolutePath());
    }

    LoadPlan plan() {
        return plan;
    }

    static SttScenario scenario() {
        return SttScenario.create(AudioSources.whiteNoise(Duration.ofMillis(200), 16_000, 42))
                .withChunk(Duration.ofMillis(100))
                .withRealtime(false)
                .withPartials(false)
                .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(10)))
                .withName("verdict-confusion");
    }

    /**
     * Starts a fresh server with {@code faultFlags}, runs every trial, stops it. Every run is the same
     * test, {@code Confusion.run}, so runs can be judged against, and added to, one baseline;
     * {@code name} names the server process and its log.
     */
    RunResult run(String name, List<String> faultFlags) throws Exception {
        try (ProcessTarget server = server(name, faultFlags)) {
            server.start();
            SttScenario scenario = scenario();
            warmUp(server, scenario);
            return PlanRun.of("Confusion.run", plan, "smoke")
                    .withEnvironment(environment)
                    .withTarget(server)
                    .run(scenario);
        }
    }

    /**
     * An A/B comparison: two fresh servers, A with {@code referenceFlags} and B with
     * {@code candidateFlags}, both warmed up alike, then {@code pairs} pairs of one trial each in
     * randomized block order ({@link InterleavedComparison}); named {@code Confusion.ab}.
     */
    InterleavedComparison.Outcome compare(
            String name, List<String> referenceFlags, List<String> candidateFlags, int pairs, long seed)
            throws Exception {
        return compare(name, referenceFlags, candidateFlags, pairs, seed, false);
    }

    /** As {@link #compare(String, List, List, int, long)}; {@code duet}: both at once ({@link DuetComparison}). */
    InterleavedComparison.Outcome compare(
            String name, List<String> referenceFlags, List<String> candidateFlags, int pairs, long seed, boolean duet)
            throws Exception {
        try (ProcessTarget a = server(name + "-A", referenceFlags);
                ProcessTarget b = server(name + "-B", candidateFlags)) {
            a.start();
            b.start();
            SttScenario scenario = scenario();
            warmUp(a, scenario);
            warmUp(b, scenario);
            if (duet) {
                return DuetComparison.run(plan, pairs, "Confusion.ab", environment, ConfusionSuite::scenario, a, b);
            }
            return new InterleavedComparison(plan, pairs, seed)
                    .run("Confusion.ab", "smoke", environment, scenario, a, b);
        }
    }

    private static void warmUp(ProcessTarget server, SttScenario scenario) throws Exception {
        new LoadRunner(LoadPlan.closed(4).withDuration(SERVER_WARMUP))
                .withEndpoints(server.endpoints())
                .run(scenario, 0);
    }

    /** A fresh reference server process (not started) with the suite's JVM settings and {@code faultFlags}. */
    private ProcessTarget server(String name, List<String> faultFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVER_JVM);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                SpeechServerMain.class.getName(),
                "--bind",
                "127.0.0.1",
                "--grpc-port",
                "{grpcPort}",
                "--http-port",
                "{httpPort}"));
        command.addAll(BASE_FLAGS);
        command.addAll(faultFlags);
        return Targets.process(command)
                .withName("speechload-server-" + name)
                .withEnv("MALLOC_ARENA_MAX", "2")
                .withReadiness(ReadinessProbe.forHttp("/health"))
                .withMetrics("/metrics")
                .withStartupTimeout(Duration.ofSeconds(90))
                .withShutdownGrace(Duration.ofSeconds(5))
                .withLogDir(logDir);
    }
}
