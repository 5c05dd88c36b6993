package dev.speechload.suites.regression;

import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.Environments;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.ReferenceServer;
import dev.speechload.core.target.Targets;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SttScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one suite the gate regression test runs, always the same way: the same STT scenario, the
 * same plan and the same rules, each run against a <em>fresh</em> reference server process
 * started with the given flags (a fault, or none), so no run inherits another's heap,
 * descriptors or compiled code. Not thread-safe: one run at a time (the machine has two cores;
 * parallel runs would measure each other).
 *
 * <p>Why this shape:
 * <ul>
 *   <li><b>One result per session, mostly compute.</b> One second of seeded white noise, sent at
 *       8x real time without partials: each session gets exactly one result, the final, whose
 *       latency is mostly the synthetic engine's CPU burn ({@code --engine-rtf 0.03}: 30 ms of
 *       CPU per session). A latency fault (a sleep before every result) lands on it exactly once
 *       per session. Sessions stay short (about 0.3 s) so even a loaded machine completes a dozen
 *       or more per trial: the descriptor leak needs more than 10 requests in the last trial to
 *       cross the smoke-scale fds fail limit.</li>
 *   <li><b>Two channels on two cores.</b> The server burns a fraction of a core; the generator
 *       stays clear of saturation, so clean runs agree with each other.</li>
 *   <li><b>A warmed-up server, then trials.</b> 3 s of unrecorded load on each fresh server
 *       (its first seconds are JIT compilation, with an RSS slope of 2 to 7 MB/s and falling
 *       latency no later trial has), then five trials ({@link #SMOKE_PLAN}: 0.5 s warm-up + 3 s
 *       measured; {@link #FULL_PLAN}: 2 s + 30 s): p99 and throughput are judged on the
 *       bootstrap of the trials' medians, so one noisy trial neither raises nor hides an alarm.</li>
 *   <li><b>A server JVM whose RSS grows only when something leaks.</b> {@code -Xms} =
 *       {@code -Xmx} with {@code -XX:+AlwaysPreTouch} makes the heap resident before the first
 *       reading; C1 only ({@code -XX:TieredStopAtLevel=1}) finishes compiling sooner;
 *       {@code MALLOC_ARENA_MAX=2} keeps glibc from opening arenas as threads appear. Direct
 *       memory is capped well above what the leak fault retains in one run.</li>
 *   <li><b>Quarter-second samples at smoke scale.</b> The RSS slope of a 3.5 s trial is fitted over about 15
 *       readings instead of 4.</li>
 * </ul>
 */
final class GateSuite {

    /** The suite's own prefix for result files: {@code results/RegressionGate.<run>.json}. */
    static final String NAME = "RegressionGate";

    /** The metric a latency fault must fail, and the one the fault is sized from. */
    static final String FINAL_LATENCY = SttScenario.FINAL_LATENCY;

    /** Smoke scale: five trials of 0.5 s warm-up + 3 s measured (a run of about 25 s). */
    static final LoadPlan SMOKE_PLAN = LoadPlan.closed(2)
            .withWarmup(Duration.ofMillis(500))
            .withDuration(Duration.ofSeconds(3))
            .withTrials(5)
            .withSampleInterval(Duration.ofMillis(250));

    /**
     * Full scale: five trials of 2 s warm-up + 30 s measured (a run of under 3 minutes): the last
     * trial's load phase is long enough for the default rules to judge the RSS slope (30 s).
     */
    static final LoadPlan FULL_PLAN = LoadPlan.closed(2)
            .withWarmup(Duration.ofSeconds(2))
            .withDuration(Duration.ofSeconds(30))
            .withTrials(5)
            .withSampleInterval(Duration.ofMillis(500));

    /**
     * Smoke scale: the default rules with the RSS slope judged over a 3.5 s trial, which the
     * defaults do not do (they want 30 s, because over a few seconds a JVM warming up and a leak
     * look alike). Here the server is warmed up first, and the limit is 1 MB/s instead of
     * 0.1 MB/s: even a warmed-up clean server's RSS moves in steps of about 0.5 MB now and then
     * (malloc, compiled code), and one step in a 3.5 s window fits to a slope of up to 0.25 MB/s
     * (1.5 x step / window, for a step in the middle of it). Measured on warmed-up clean servers:
     * 4 of 35 trials above 0.1 MB/s, the highest 0.36 MB/s. The leak run retains 2 MiB per
     * session, 6 MB/s or more even on a loaded machine (measured 10 to 25 MB/s): far beyond the
     * limit. Descriptors: a smoke trial serves a few dozen sessions, so a leak of one fd per
     * session cannot reach the default fail limit of 100; the fail limit is the warn limit, 10
     * (a clean server's descriptor count returns to where it was). Full scale uses the defaults
     * unchanged.
     */
    static final Thresholds SMOKE_RULES = Thresholds.defaults()
            .withMemorySlopeLimit(1.0 * Thresholds.MB)
            .withMemorySlopeMinWindow(Duration.ofSeconds(2))
            .withFdLeakFail(10);

    /**
     * Run once on every fresh server before the measured trials, and thrown away: a new JVM spends
     * its first seconds compiling, which shows as a falling latency and an RSS slope of several
     * MB/s that no later trial has.
     */
    private static final LoadPlan SERVER_WARMUP = LoadPlan.closed(2).withDuration(Duration.ofSeconds(3));

    /** Server flags every run has; faults are added to them. */
    private static final List<String> BASE_FLAGS = List.of("--engine-rtf", "0.03", "--decode-pool-size", "2");

    private static final String SERVER_JVM_OPTIONS =
            "-Xms96m -Xmx96m -XX:+AlwaysPreTouch -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize=2g";

    private final Settings settings;
    private final EnvironmentInfo environment;
    private final LoadPlan plan;
    private final Thresholds rules;

    /** The suite at the scale {@code settings} asks for ({@code loadtest.scale}). */
    GateSuite(Settings settings) {
        this.settings = settings;
        this.environment = Environments.capture(settings.root());
        boolean full = settings.scale() == Scale.FULL;
        this.plan = full ? FULL_PLAN : SMOKE_PLAN;
        this.rules = full ? Thresholds.defaults() : SMOKE_RULES;
    }

    /** The plan every run follows at this scale. */
    LoadPlan plan() {
        return plan;
    }

    /**
     * What the leak run retains per STT session: 2 MiB at smoke scale (limit 1 MB/s), 256 KiB at
     * full scale (limit 0.1 MB/s, and a run six times as long must stay under the 2 GiB of
     * direct memory). At 3 sessions/s, the least a loaded machine managed, that is 6 or 7 times
     * the limit; measured rates were 10 to 25 MB/s at smoke scale.
     */
    long leakBytesPerRequest() {
        return settings.scale() == Scale.FULL ? 256 * 1024 : 2 * 1024 * 1024;
    }

    /** The rules every run is judged by at this scale. */
    Thresholds rules() {
        return rules;
    }

    /** The scenario: one session streams 1 s of seeded noise at 8x real time, final result only. */
    static SttScenario scenario() {
        return SttScenario.create(AudioSources.whiteNoise(Duration.ofSeconds(1), 16_000, 42))
                .withChunk(Duration.ofMillis(100))
                .withSpeed(8.0)
                .withPartials(false)
                .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(10)))
                .withName("regression-gate");
    }

    /**
     * Starts a fresh reference server with {@code faultFlags}, runs every trial of {@link #plan()}
     * against it, stops it and returns the result, named {@code RegressionGate.<run>}.
     *
     * @param run        the run's name in results, e.g. {@code clean}; letters and dashes
     * @param faultFlags extra server flags, e.g. {@code --fault-latency-ms 100}; none for a clean run
     * @throws dev.speechload.core.target.TargetException when the server does not start (the
     *         message says how to build its jar)
     */
    RunResult run(String run, String... faultFlags) throws Exception {
        String testName = NAME + "." + run;
        try (ProcessTarget server = server(run, faultFlags)) {
            server.start();
            SttScenario scenario = scenario();
            warmUp(server, scenario);
            return PlanRun.of(testName, plan, settings.scale().id())
                    .withEnvironment(environment)
                    .withTarget(server)
                    .run(scenario);
        }
    }

    /**
     * An A/B comparison, named {@code RegressionGate.<run>}: a clean reference server (A) and a
     * server started with {@code faultFlags} (B; none for A=A), both fresh and both warmed up the
     * same way, then {@link #pairs()} pairs of the plan's trial in randomized block order
     * ({@link InterleavedComparison}). A fixed seed per run name keeps the order the same from
     * run to run, so a failure can be repeated.
     */
    InterleavedComparison.Outcome compare(String run, String... faultFlags) throws Exception {
        try (ProcessTarget reference = server(run + "-A");
                ProcessTarget candidate = server(run + "-B", faultFlags)) {
            reference.start();
            candidate.start();
            SttScenario scenario = scenario();
            warmUp(reference, scenario);
            warmUp(candidate, scenario);
            return new InterleavedComparison(plan, pairs(), run.hashCode())
                    .run(NAME + "." + run, settings.scale().id(), environment, scenario, reference, candidate);
        }
    }

    /** Trial pairs of a comparison: 6 at smoke scale (the fewest a 95 % interval allows), 8 at full. */
    int pairs() {
        return settings.scale() == Scale.FULL ? 8 : 6;
    }

    private ProcessTarget server(String run, String... faultFlags) {
        List<String> flags = new ArrayList<>(BASE_FLAGS);
        flags.addAll(List.of(faultFlags));
        return Targets.referenceServer(ReferenceServer.locateJar(settings.root()), flags.toArray(String[]::new))
                .withName("speechload-server-" + run)
                .withEnv("JAVA_TOOL_OPTIONS", SERVER_JVM_OPTIONS)
                .withEnv("MALLOC_ARENA_MAX", "2")
                .withLogDir(settings.resultsDir().resolve("logs"))
                .withShutdownGrace(Duration.ofSeconds(5));
    }

    private static void warmUp(ProcessTarget server, SttScenario scenario) throws Exception {
        new LoadRunner(SERVER_WARMUP).withEndpoints(server.endpoints()).run(scenario, 0);
    }
}
