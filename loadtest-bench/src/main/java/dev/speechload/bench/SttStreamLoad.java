package dev.speechload.bench;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SttScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real-time STT streams of silence against the reference server in a child JVM ({@code --engine-rtf
 * 0}: no compute, so the generator is what is measured), run through the engine: the load the
 * generator-lag reports share, read from their options. Immutable.
 *
 * @param streams            closed-model channels, each streaming one session after another
 * @param chunkMillis        audio per request
 * @param sessionSeconds     audio per session
 * @param rampSteps          steps the channels start in
 * @param rampIntervalMillis time between ramp steps
 * @param warmupSeconds      warm-up, not recorded
 * @param durationSeconds    measured time
 * @param pacerThreads       the driver's pacer lanes
 * @param connections        gRPC connections the streams share
 * @param serverHeap         the server's {@code -Xmx}
 */
record SttStreamLoad(
        int streams,
        int chunkMillis,
        int sessionSeconds,
        int rampSteps,
        long rampIntervalMillis,
        long warmupSeconds,
        long durationSeconds,
        int pacerThreads,
        int connections,
        String serverHeap) {

    /** Option names in the order of the components. */
    private static final String[] OPTIONS = {
        "streams",
        "chunk-ms",
        "session-seconds",
        "ramp-steps",
        "ramp-interval-ms",
        "warmup-seconds",
        "duration-seconds",
        "pacer-threads",
        "connections",
        "server-heap"
    };

    /** What a run measured, and the server's flags. */
    record Run(TrialData data, String serverCommand) {}

    /**
     * The load {@code args} asks for, each option defaulting to {@code defaults} (in the order of the
     * components: streams, chunk-ms, ..., server-heap).
     *
     * @throws IllegalArgumentException naming a bad option
     */
    static SttStreamLoad parse(String program, String[] args, int maxStreams, String... defaults) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < OPTIONS.length; i++) {
            options.put(OPTIONS[i], defaults[i]);
        }
        Args a = Args.parse(program, args, options);
        int streams = a.intValue("streams", 1, maxStreams);
        return new SttStreamLoad(
                streams,
                a.intValue("chunk-ms", 10, 5_000),
                a.intValue("session-seconds", 1, 3_600),
                a.intValue("ramp-steps", 1, streams),
                a.longValue("ramp-interval-ms", 0, 600_000),
                a.longValue("warmup-seconds", 0, 3_600),
                a.longValue("duration-seconds", 1, 3_600),
                a.intValue("pacer-threads", 1, 64),
                a.intValue("connections", 1, 1_024),
                a.text("server-heap"));
    }

    /** Starts the server, runs the plan through {@link LoadRunner}, stops the server. */
    Run run(String scenarioName) throws Exception {
        SttScenario scenario = SttScenario.create(
                        AudioSources.silence(Duration.ofSeconds(sessionSeconds), AudioSources.DEFAULT_SAMPLE_RATE_HZ))
                .withChunk(Duration.ofMillis(chunkMillis))
                .withOptions(
                        GrpcOptions.defaults().withPacerThreads(pacerThreads).withConnections(connections))
                .withName(scenarioName);
        LoadPlan plan = LoadPlan.closed(streams)
                .withRamp(rampSteps, Duration.ofMillis(rampIntervalMillis))
                .withWarmup(Duration.ofSeconds(warmupSeconds))
                .withDuration(Duration.ofSeconds(durationSeconds));
        Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "speechload-bench");
        String flags = "--engine-rtf 0 --max-sessions " + (streams * 2 + 16);
        try (ProcessTarget server = ReferenceServerProcess.create(serverHeap, logDir, flags.split(" "))) {
            server.start();
            TrialData data =
                    new LoadRunner(plan).withEndpoints(server.endpoints()).run(scenario, 0);
            return new Run(data, flags + " (-Xmx" + serverHeap + ")");
        }
    }

    /** A counter's total, or -1 when the run has no such counter. */
    static long count(TrialData data, String counter) {
        TrialData.Count c = data.counters().get(counter);
        return c == null ? -1 : c.total();
    }

    /** How many values a latency metric holds (0 when absent). */
    static long values(TrialData data, String metric) {
        return data.latencies().containsKey(metric)
                ? data.latencies().get(metric).getTotalCount()
                : 0;
    }
}
