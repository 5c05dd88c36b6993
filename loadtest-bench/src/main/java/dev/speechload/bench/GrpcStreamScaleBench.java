package dev.speechload.bench;

import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.GeneratorSample;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Thousands of real-time gRPC streams from one generator, through the engine: {@code --streams}
 * STT sessions of {@code --chunk-ms} audio chunks each (2,000 x 100 ms = 20,000 messages a second)
 * against the reference server in a child JVM ({@code --engine-rtf 0}: no compute, so the
 * generator is what is measured). Reports the driver's {@code generator.grpc.send_lag} (each
 * chunk's send time minus its planned time, the lanes' and the engine's delays included), the
 * generator's threads and heap as the engine sampled them once every stream was open, and how the
 * sessions ended. A measured report with a {@code main}, not a repeatable operation.
 *
 * <p>Goal (issue 15): send lag p99 under 5 ms on a quiet machine. Threads: the pacer lanes, gRPC's
 * event loops, and, while the engine runs every channel on its own thread, one thread per stream;
 * the streams themselves hold none (the scenario is an {@code AsyncScenario}).
 *
 * <p>Sessions are short (5 s) on purpose: a session still running at the run's end is cut and
 * records nothing, so with sessions as long as the measured window no chunk would count.
 *
 * <p><b>What to expect</b> (2-core AMD EPYC VM shared with the server; figures and conditions in
 * {@code docs/performance.md}): on a machine busy with other builds (load average 17-20) the
 * server cannot take 20,000 chunks a second, its flow control holds back most chunks (counted
 * apart, as {@code grpc.backpressure_lag}), and the send lag p99 is hundreds of milliseconds.
 *
 * <p><b>How to run</b> (about 80 s; from the repository root, after
 * {@code mvn -B -o -q -pl loadtest-bench -am package -DskipTests}):
 * <pre>
 * java -Xmx2g -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.GrpcStreamScaleBench
 * </pre>
 * Options (defaults): {@code --streams} 2000, {@code --chunk-ms} 100, {@code --session-seconds} 5,
 * {@code --ramp-steps} 10, {@code --ramp-interval-ms} 1000, {@code --warmup-seconds} 10,
 * {@code --duration-seconds} 40, {@code --pacer-threads} 2, {@code --connections} 4,
 * {@code --server-heap} 2g. The server's log goes to {@code java.io.tmpdir/speechload-bench}.
 */
public final class GrpcStreamScaleBench {

    private static final String PROGRAM = "GrpcStreamScaleBench";
    static final String SEND_LAG = "generator.grpc.send_lag";
    static final String BACKPRESSURE_LAG = "grpc.backpressure_lag";

    /**
     * What one run measured.
     *
     * @param sendLag        {@code generator.grpc.send_lag} over the measured sessions
     * @param heldBackChunks chunks the server's flow control held back ({@code grpc.backpressure_lag})
     * @param heapBeforeBytes the generator's heap after full collections, before the run
     * @param heapMedianBytes median heap in use over the engine's samples once every stream was open
     * @param heapPeakBytes  largest heap in use in those samples
     * @param threadsPeak    most live generator threads in those samples
     * @param cut            sessions still running after the grace period (the engine cut them)
     */
    record Report(
            int streams,
            int chunkMillis,
            int pacerThreads,
            int connections,
            Percentiles sendLag,
            long heldBackChunks,
            long sessionsOk,
            long completed,
            Map<String, Long> errorsByCode,
            long cut,
            int peakActive,
            long heapBeforeBytes,
            long heapMedianBytes,
            long heapPeakBytes,
            int threadsPeak,
            long gcCount,
            long gcTimeMillis,
            String serverCommand,
            String loadBefore,
            String loadAfter) {}

    private GrpcStreamScaleBench() {}

    public static void main(String[] args) throws Exception {
        Report report;
        try {
            report = measure(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2); // a program's usage error; the measuring code never exits
            return;
        }
        System.out.println(format(report));
    }

    /**
     * Starts the server, runs the plan through the engine, stops the server.
     *
     * @throws IllegalArgumentException naming a bad option
     */
    static Report measure(String[] args) throws Exception {
        SttStreamLoad load = SttStreamLoad.parse(
                PROGRAM, args, 20_000, "2000", "100", "5", "10", "1000", "10", "40", "2", "4", "2g");
        String loadBefore = Conditions.loadAverage();
        long heapBefore = Heap.settledUsedBytes();
        SttStreamLoad.Run run = load.run("stream-scale");
        TrialData data = run.data();
        // The engine's generator samples from the moment the last ramp step started.
        long allOpenMillis = (load.rampSteps() - 1) * load.rampIntervalMillis();
        List<GeneratorSample> open = data.generatorSeries().stream()
                .filter(s -> s.offsetMillis() >= allOpenMillis)
                .toList();
        long[] heapUsed =
                open.stream().mapToLong(GeneratorSample::heapUsedBytes).sorted().toArray();
        return new Report(
                load.streams(),
                load.chunkMillis(),
                load.pacerThreads(),
                load.connections(),
                Percentiles.of(data.latencies().get(SEND_LAG)),
                SttStreamLoad.values(data, BACKPRESSURE_LAG),
                SttStreamLoad.count(data, "stt.sessions_ok"),
                data.completedIterations(),
                data.errorsByCode(),
                Math.max(0, SttStreamLoad.count(data, "iterations.cut")),
                data.peakActiveChannels(),
                heapBefore,
                heapUsed.length == 0 ? -1 : heapUsed[heapUsed.length / 2],
                heapUsed.length == 0 ? -1 : heapUsed[heapUsed.length - 1],
                open.stream().mapToInt(GeneratorSample::threadCount).max().orElse(-1),
                data.gcCount(),
                data.gcTimeMillis(),
                run.serverCommand(),
                loadBefore,
                Conditions.loadAverage());
    }

    static String format(Report r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s: %d real-time streams, %d ms chunks (%.0f messages/s),"
                        + " %d pacer thread(s), %d connection(s), through LoadRunner%n",
                PROGRAM,
                r.streams(),
                r.chunkMillis(),
                r.streams() * 1000.0 / r.chunkMillis(),
                r.pacerThreads(),
                r.connections()));
        out.append("machine: ").append(Conditions.machine()).append('\n');
        out.append("server: child JVM on 127.0.0.1, ").append(r.serverCommand()).append('\n');
        out.append("load average before: ")
                .append(r.loadBefore())
                .append(", after: ")
                .append(r.loadAfter())
                .append('\n');
        out.append(String.format(Locale.ROOT, "%n%s: %s%n", SEND_LAG, r.sendLag()));
        out.append(String.format(
                Locale.ROOT,
                "goal p99 < 5 ms: %s; chunks held back by the server: %d%n",
                r.sendLag().count() > 0 && r.sendLag().p99Nanos() < 5_000_000 ? "met" : "MISSED",
                r.heldBackChunks()));
        long failed =
                r.errorsByCode().values().stream().mapToLong(Long::longValue).sum();
        out.append(String.format(
                Locale.ROOT,
                "sessions: %d measured, %d ok, %d failed %s, %d cut; peak streams %d%n",
                r.completed(),
                r.sessionsOk(),
                failed,
                r.errorsByCode(),
                r.cut(),
                r.peakActive()));
        out.append(String.format(
                Locale.ROOT,
                "generator with every stream open: threads peak %d; heap in use"
                        + " median %d MiB, peak %d MiB (before the run %d MiB; median minus before = %d KiB per"
                        + " stream); GCs %d (%d ms)%n",
                r.threadsPeak(),
                r.heapMedianBytes() >> 20,
                r.heapPeakBytes() >> 20,
                r.heapBeforeBytes() >> 20,
                r.heapMedianBytes() < 0
                        ? -1
                        : Math.max(0, r.heapMedianBytes() - r.heapBeforeBytes()) / r.streams() >> 10,
                r.gcCount(),
                r.gcTimeMillis()));
        return out.toString();
    }
}
