package dev.speechload.bench;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.grpc.GrpcConversationScenario;
import dev.speechload.grpc.GrpcOptions;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop ping-pong with empty payloads against grpc-java's benchmark {@code AsyncServer}
 * ({@code BenchmarkService/StreamingCall}, one response per request), speechload's
 * {@link GrpcConversationScenario} side by side with grpc-java's own
 * {@code AsyncClient --streaming_rpcs}, alternating (peer, speechload, peer, ...) against the same
 * server process. Both use one connection per stream and one stream per connection. The figure
 * that counts is round trips per CPU-second of the generator JVM in the measured window (the
 * machine is shared: wall-clock rates move by 2x from run to run, a ratio per CPU-second far less).
 *
 * <p>speechload runs in this JVM with per-message metrics on (every round trip into the
 * histogram); CPU = this process's CPU time over the window after the warm-up. The peer runs as a
 * child JVM on the grpc-benchmarks classpath ({@code --peer-classpath}, a file holding it, e.g.
 * from {@code mvn dependency:build-classpath} of io.grpc:grpc-benchmarks); its CPU is read from
 * {@code /proc/<pid>/stat} over the same window after its warm-up, its round trips from its QPS
 * line. Requests are the bytes AsyncClient sends with {@code --client_payload=0} (a SimpleRequest
 * holding an empty COMPRESSABLE payload), sent and received as raw bytes: speechload does not
 * parse the (empty) responses, AsyncClient does.
 *
 * <p>How to run (the server is yours to start, on loopback, e.g. the peers harness's
 * {@code LoopbackAsyncServer}; see docs/performance.md):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.GrpcPingPongBench \
 *     --address 127.0.0.1:33051 --peer-classpath /tmp/peers-grpc/grpc-bench/target/classpath.txt \
 *     --streams 50,500 --seconds 10 --warmup 4 --reps 1
 * </pre>
 */
public final class GrpcPingPongBench {

    private static final String PROGRAM = "GrpcPingPongBench";
    /** SimpleRequest{payload: Payload{type: COMPRESSABLE, body: ""}}: field 3, length 0. */
    private static final byte[] PING = {0x1a, 0x00};

    private static final Pattern QPS = Pattern.compile("(?m)^QPS:\\s*([0-9.]+)");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    static final MethodDescriptor<byte[], byte[]> STREAMING_CALL = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName("grpc.testing.BenchmarkService/StreamingCall")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private GrpcPingPongBench() {}

    /** Messages as they are on the wire. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("reading a response: " + e.getMessage(), e);
            }
        }
    }

    /** One measured run: round trips and CPU-seconds in the window, load average around it. */
    record Reading(
            String tool,
            int streams,
            int rep,
            double roundTrips,
            double cpuSeconds,
            double wallSeconds,
            String loadBefore,
            String loadAfter) {
        double perCpuSecond() {
            return roundTrips / cpuSeconds;
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(
                PROGRAM,
                argv,
                Map.of(
                        "address",
                        "127.0.0.1:33051",
                        "peer-classpath",
                        "none",
                        "streams",
                        "50,500",
                        "seconds",
                        "10",
                        "warmup",
                        "4",
                        "reps",
                        "1"));
        String address = args.text("address");
        int seconds = args.intValue("seconds", 1, 3_600);
        int warmup = args.intValue("warmup", 1, 600);
        int reps = args.intValue("reps", 1, 100);
        String peerClasspath = args.text("peer-classpath").equals("none")
                ? null
                : Files.readString(Path.of(args.text("peer-classpath"))).trim();
        System.out.println(Conditions.machine());
        List<Reading> readings = new ArrayList<>();
        for (String s : args.text("streams").split(",")) {
            int streams = Integer.parseInt(s.trim());
            for (int rep = 1; rep <= reps; rep++) {
                if (peerClasspath != null) {
                    readings.add(print(peer(peerClasspath, address, streams, rep, seconds, warmup)));
                }
                readings.add(print(speechload(address, streams, rep, seconds, warmup)));
            }
        }
        System.out.println();
        System.out.println(
                "| streams | speechload round trips per CPU-s | AsyncClient round trips per CPU-s | ratio |");
        System.out.println("|---|---|---|---|");
        for (String s : args.text("streams").split(",")) {
            int streams = Integer.parseInt(s.trim());
            double sl = median(readings, "speechload", streams);
            double peer = median(readings, "AsyncClient", streams);
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %,.0f | %s | %s |%n",
                    streams,
                    sl,
                    Double.isNaN(peer) ? "-" : String.format(Locale.ROOT, "%,.0f", peer),
                    Double.isNaN(peer) ? "-" : String.format(Locale.ROOT, "%.2fx", sl / peer));
        }
    }

    private static Reading print(Reading r) {
        System.out.printf(
                Locale.ROOT,
                "%-11s %3d streams rep %d: %,.0f round trips in %.1f s, %.2f CPU-s"
                        + " -> %,.0f per CPU-s (%,.0f/s); load %s -> %s%n",
                r.tool(),
                r.streams(),
                r.rep(),
                r.roundTrips(),
                r.wallSeconds(),
                r.cpuSeconds(),
                r.perCpuSecond(),
                r.roundTrips() / r.wallSeconds(),
                r.loadBefore(),
                r.loadAfter());
        return r;
    }

    private static double median(List<Reading> readings, String tool, int streams) {
        double[] v = readings.stream()
                .filter(r -> r.tool().equals(tool) && r.streams() == streams)
                .mapToDouble(Reading::perCpuSecond)
                .sorted()
                .toArray();
        return v.length == 0
                ? Double.NaN
                : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** speechload in this JVM: N conversations until the run ends, counted in the window after the warm-up. */
    static Reading speechload(String address, int streams, int rep, int seconds, int warmup) throws Exception {
        LongAdder rounds = new LongAdder();
        GrpcConversationScenario<byte[], byte[]> scenario = GrpcConversationScenario.<byte[], byte[]>create(
                        channel -> responses -> ClientCalls.asyncBidiStreamingCall(
                                channel.newCall(STREAMING_CALL, CallOptions.DEFAULT), responses))
                .withOpening(it -> PING)
                .withReplies((response, round) -> {
                    rounds.increment();
                    return PING;
                })
                .withOptions(GrpcOptions.defaults().withAuthority(address).withConnections(streams))
                .withMetricPrefix("pingpong")
                .withName("pingpong");
        LoadRunner runner = new LoadRunner(LoadPlan.closed(streams)
                        .withIterations(1)
                        .withDuration(Duration.ofSeconds(warmup + seconds + 1)))
                .withTimeLimit(Duration.ofSeconds(warmup + seconds + 60))
                .withGracePeriod(Duration.ofSeconds(5));
        FutureTask<TrialData> trial = new FutureTask<>(() -> runner.run(scenario, 0));
        Thread driver = new Thread(trial, "pingpong-bench-driver");
        driver.setDaemon(true);
        String before = Conditions.loadAverage();
        driver.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long r0 = rounds.sum();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long r1 = rounds.sum();
        long cpu1 = processCpuNanos();
        long t1 = System.nanoTime();
        String after = Conditions.loadAverage();
        TrialData data = trial.get(10, TimeUnit.MINUTES);
        long errors =
                data.errorsByCode().values().stream().mapToLong(Long::longValue).sum();
        long recorded = data.latencies().get("pingpong.round_trip").getTotalCount();
        if (errors > 0 || recorded == 0) {
            throw new IllegalStateException("speechload run failed: " + data.errorsByCode() + ", " + recorded
                    + " round trips recorded; is AsyncServer listening on " + address + "?");
        }
        return new Reading("speechload", streams, rep, r1 - r0, (cpu1 - cpu0) / 1e9, (t1 - t0) / 1e9, before, after);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** grpc-java's AsyncClient in its own JVM; CPU from /proc over its measured window. */
    static Reading peer(String classpath, String address, int streams, int rep, int seconds, int warmup)
            throws Exception {
        Path log = Files.createTempFile("asyncclient", ".log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        "io.grpc.benchmarks.qps.AsyncClient",
                        "--address=" + address,
                        "--transport=netty_nio",
                        "--streaming_rpcs",
                        "--channels=" + streams,
                        "--outstanding_rpcs=1",
                        "--duration=" + seconds,
                        "--warmup_duration=" + warmup,
                        "--client_payload=0",
                        "--server_payload=0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String before = Conditions.loadAverage();
            long start = System.nanoTime();
            // The JVM's start and the client's connections come first; its warm-up counts from then.
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup) + 700);
            long cpu0 = ticks(p.pid());
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) - 700);
            long cpu1 = ticks(p.pid());
            long t1 = System.nanoTime();
            String after = Conditions.loadAverage();
            if (!p.waitFor(seconds + warmup + 120L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("AsyncClient did not end; its output: " + log);
            }
            String out = Files.readString(log);
            Matcher m = QPS.matcher(out);
            if (p.exitValue() != 0 || !m.find()) {
                throw new IllegalStateException("AsyncClient failed (exit " + p.exitValue() + "):\n" + out);
            }
            double wall = (t1 - t0) / 1e9;
            double roundTrips = Double.parseDouble(m.group(1)) * wall;
            Files.deleteIfExists(log);
            return new Reading(
                    "AsyncClient",
                    streams,
                    rep,
                    roundTrips,
                    (cpu1 - cpu0) / (double) CLOCK_TICKS_PER_SECOND,
                    wall,
                    before,
                    after);
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
    }

    /** User + system CPU ticks of a process, from /proc/PID/stat. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
