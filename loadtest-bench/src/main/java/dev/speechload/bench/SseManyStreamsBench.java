package dev.speechload.bench;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.engine.TrialData.Count;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Endpoints;
import dev.speechload.sse.SseEvent;
import dev.speechload.sse.SseListener;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.SseScenario;
import dev.speechload.sse.StreamOutcome;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Issue #15's SSE goal: {@code --streams} concurrent SSE streams (default 10,000) of one event
 * per second each, through the engine ({@link LoadRunner} and {@link SseScenario}, one stream per
 * channel, in ramp steps), against a {@link SseTickServer} in a child JVM (one process here may
 * hold 20,000 files: the server's sockets must not count against the generator's).
 *
 * <p>Reports: the events the server sent against the events the engine counted ({@code
 * sse.events}) and the listener saw (every event received?); generator heap per open stream, as
 * {@link SseLongStreamBench} measures it (live heap after full collections with every stream of a
 * run open, a run of 8 streams subtracted, divided by the difference in open streams; goal at most
 * 32 KB); the engine's scheduling lag ({@code generator.scheduling_lag}: each stream's start
 * against its ramp step's planned time; goal p99 at most 5 ms); live platform threads with every
 * stream open; and the event delivery lag (the server's wall clock written into each event to the
 * listener's, both JVMs reading one clock), counted from two intervals after the heap reading
 * (its full collections stop every thread, and the events written meanwhile arrive late). {@code --channel-threads virtual} (Java 21+) runs OkHttp's
 * readers on virtual threads. {@code --histogram N} prints the first N lines of the live-object
 * class histogram at the reading.
 *
 * <p>How to run (about 2 minutes; after {@code mvn -B -o -q -pl loadtest-bench -am package -DskipTests}):
 * <pre>
 * java -Xmx2g -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseManyStreamsBench
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx2g -cp loadtest-bench/target/benchmarks.jar \
 *     dev.speechload.bench.SseManyStreamsBench --channel-threads virtual
 * </pre>
 * Options (defaults): {@code --streams} 10000, {@code --events} 30 per stream, {@code --interval-ms}
 * 1000, {@code --ramp-steps} 100, {@code --ramp-interval-ms} 100, {@code --channel-threads}
 * platform, {@code --server-heap} 512m, {@code --histogram} 0.
 */
public final class SseManyStreamsBench {

    static final String PROGRAM = "SseManyStreamsBench";
    /** Streams of the run whose heap is the fixed cost (as in {@link SseLongStreamBench}). */
    static final int FEW_STREAMS = 8;

    /**
     * What one run of {@code streams} streams measured.
     *
     * @param serverSent    events the server wrote during the run
     * @param counted       the engine's {@code sse.events}
     * @param seen          events the listener saw
     * @param heapBytes     live heap after full collections with {@code openAtReading} streams open
     * @param threads       live platform threads then
     * @param residentBytes the generator's resident set then (thread stacks included), -1 where unknown
     * @param schedulingLag the engine's {@code generator.scheduling_lag}
     * @param deliveryLag   server write to listener, nanoseconds (microsecond resolution)
     */
    record Run(
            int streams,
            long serverSent,
            long counted,
            long seen,
            long streamsOk,
            Map<String, Long> errorsByCode,
            long heapBytes,
            int openAtReading,
            int threads,
            long residentBytes,
            Percentiles schedulingLag,
            Percentiles deliveryLag,
            long gcCount,
            long gcTimeMillis,
            String histogram) {}

    record Report(
            int streams,
            long events,
            long intervalMillis,
            int rampSteps,
            long rampIntervalMillis,
            ChannelThreads threads,
            Run few,
            Run many,
            String serverCommand,
            String loadBefore,
            String loadAfter) {

        /** Heap per added open stream, KiB. */
        double heapPerStreamKib() {
            return (many.heapBytes() - few.heapBytes())
                    / 1024.0
                    / Math.max(1, many.openAtReading() - few.openAtReading());
        }

        boolean everyEvent() {
            long expected = (long) streams * events;
            return many.errorsByCode().isEmpty()
                    && many.serverSent() == expected
                    && many.counted() == expected
                    && many.seen() == expected;
        }
    }

    private SseManyStreamsBench() {}

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
     * Starts the server, runs {@value #FEW_STREAMS} then {@code --streams} streams through the
     * engine, stops the server.
     *
     * @throws IllegalArgumentException naming a bad option
     * @throws UnsupportedOperationException for virtual threads on a JVM without them (core's message)
     */
    static Report measure(String[] argv) throws Exception {
        Args args = Args.parse(
                PROGRAM,
                argv,
                Map.of(
                        "streams",
                        "10000",
                        "events",
                        "30",
                        "interval-ms",
                        "1000",
                        "ramp-steps",
                        "100",
                        "ramp-interval-ms",
                        "100",
                        "channel-threads",
                        "platform",
                        "server-heap",
                        "512m",
                        "histogram",
                        "0"));
        int streams = args.intValue("streams", FEW_STREAMS + 1, 18_000);
        long events = args.longValue("events", 2, 100_000);
        long interval = args.longValue("interval-ms", 1, 60_000);
        int rampSteps = args.intValue("ramp-steps", 1, streams);
        long rampInterval = args.longValue("ramp-interval-ms", 0, 60_000);
        String kindText = args.text("channel-threads");
        ChannelThreads kind;
        try {
            kind = ChannelThreads.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PROGRAM + ": --channel-threads must be platform or virtual, was " + kindText);
        }
        kind.requireAvailable();
        int histogram = args.intValue("histogram", 0, 1_000);
        String loadBefore = Conditions.loadAverage();
        try (TickServerProcess server = TickServerProcess.start(args.text("server-heap"), events, interval)) {
            Run few = run(server, FEW_STREAMS, events, interval, 1, 0, kind, 0);
            Run many = run(server, streams, events, interval, rampSteps, rampInterval, kind, histogram);
            return new Report(
                    streams,
                    events,
                    interval,
                    rampSteps,
                    rampInterval,
                    kind,
                    few,
                    many,
                    server.command(),
                    loadBefore,
                    Conditions.loadAverage());
        }
    }

    private static Run run(
            TickServerProcess server,
            int streams,
            long events,
            long interval,
            int rampSteps,
            long rampInterval,
            ChannelThreads kind,
            int histogramLines)
            throws Exception {
        AtomicInteger open = new AtomicInteger();
        LongAdder seen = new LongAdder();
        Recorder delivery = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
        boolean[] steady = {false}; // set once by this thread; a stale read only delays counting
        long streamMillis = events * interval;
        SseScenario scenario = SseScenario.get("/ticks")
                // The default stream timeout (60 s) would cut streams of 60 events a second apart.
                .withOptions(SseOptions.defaults()
                        .withConnectTimeout(Duration.ofSeconds(30))
                        .withStreamTimeout(Duration.ofMillis(streamMillis * 2 + 60_000))
                        .withReadTimeout(Duration.ofMillis(interval * 3 + 30_000)))
                .withListener(new SseListener() {
                    @Override
                    public void onOpen(int status, String contentType) {
                        open.incrementAndGet();
                    }

                    @Override
                    public void onEvent(SseEvent event, long sinceStartNanos) {
                        seen.increment();
                        if (steady[0]) {
                            delivery.recordValue(Math.min(
                                    TimeUnit.MINUTES.toMicros(10), Math.max(0, nowMicros() - sentMicros(event))));
                        }
                    }

                    @Override
                    public void onEnd(StreamOutcome outcome) {
                        open.decrementAndGet();
                    }
                });
        LoadRunner runner = new LoadRunner(
                        LoadPlan.closed(streams).withIterations(1).withRamp(rampSteps, Duration.ofMillis(rampInterval)))
                .withEndpoints(new Endpoints(Map.of(Endpoints.HTTP, URI.create("http://127.0.0.1:" + server.port()))))
                .withChannelThreads(kind)
                .withTimeLimit(Duration.ofMillis(rampSteps * rampInterval + streamMillis * 2 + 120_000))
                .withGracePeriod(Duration.ofSeconds(30));
        long sentBefore = server.sentEvents();
        FutureTask<TrialData> trial = new FutureTask<>(() -> runner.run(scenario, 0));
        Thread driver = new Thread(trial, "sse-many-streams-driver");
        driver.setDaemon(true);
        driver.start();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rampSteps * rampInterval + 120_000);
        while (open.get() < streams) {
            if (trial.isDone() || System.nanoTime() > until) {
                if (trial.isDone()) {
                    trial.get();
                }
                throw new IllegalStateException(PROGRAM + ": only " + open.get() + " of " + streams
                        + " streams were open at once; make the streams longer (--events) than the ramp");
            }
            Thread.sleep(10);
        }
        long heap = Heap.liveAfterFullGcBytes();
        int openAtReading = open.get();
        int threads = Heap.threadCount();
        long resident = Heap.residentBytes();
        String histogram = histogramLines > 0 ? Heap.classHistogram(histogramLines) : "";
        // The events that piled up during the reading's full collections arrive late: not counted.
        Thread.sleep(Math.min(2 * interval + 1_000, Math.max(0, streamMillis - 2 * interval)));
        steady[0] = true;
        TrialData data = trial.get(rampSteps * rampInterval + streamMillis * 2 + 180_000, TimeUnit.MILLISECONDS);
        long sent = server.sentEvents() - sentBefore;
        return new Run(
                streams,
                sent,
                count(data, "sse.events"),
                seen.sum(),
                count(data, "sse.streams_ok"),
                data.errorsByCode(),
                heap,
                openAtReading,
                threads,
                resident,
                Percentiles.of(data.latencies().get(RunResult.SCHEDULING_LAG)),
                micros(delivery.getIntervalHistogram()),
                data.gcCount(),
                data.gcTimeMillis(),
                histogram);
    }

    static String format(Report r) {
        StringBuilder out = new StringBuilder();
        Run m = r.many();
        long expected = (long) r.streams() * r.events();
        out.append(String.format(
                Locale.ROOT,
                "%s: %d SSE streams x %d events, one per %d ms, through LoadRunner +"
                        + " SseScenario, %d ramp steps %d ms apart, OkHttp readers on %s threads, Java %s%n",
                PROGRAM,
                r.streams(),
                r.events(),
                r.intervalMillis(),
                r.rampSteps(),
                r.rampIntervalMillis(),
                r.threads().name().toLowerCase(Locale.ROOT),
                Runtime.version()));
        out.append("machine: ").append(Conditions.machine()).append('\n');
        out.append("server: child JVM on 127.0.0.1, ").append(r.serverCommand()).append('\n');
        out.append("load average before: ")
                .append(r.loadBefore())
                .append(", after: ")
                .append(r.loadAfter())
                .append('\n');
        out.append(String.format(
                Locale.ROOT,
                "events: server sent %,d, engine counted %,d, listener saw %,d"
                        + " (expected %,d); streams ok %d, failed %s: every event %s%n",
                m.serverSent(),
                m.counted(),
                m.seen(),
                expected,
                m.streamsOk(),
                m.errorsByCode(),
                r.everyEvent() ? "received" : "NOT received"));
        out.append(String.format(
                Locale.ROOT,
                "generator heap per open stream: %.1f KiB (%d open: %.1f MiB live;"
                        + " %d open: %.1f MiB live); goal <= 32 KB: %s%n",
                r.heapPerStreamKib(),
                m.openAtReading(),
                m.heapBytes() / 1048576.0,
                r.few().openAtReading(),
                r.few().heapBytes() / 1048576.0,
                r.heapPerStreamKib() <= 32 ? "met" : "MISSED"));
        out.append(String.format(
                Locale.ROOT,
                "%s: %s; goal p99 <= 5 ms: %s%n",
                RunResult.SCHEDULING_LAG,
                m.schedulingLag(),
                m.schedulingLag().count() > 0 && m.schedulingLag().p99Nanos() <= 5_000_000 ? "met" : "MISSED"));
        out.append(String.format(
                Locale.ROOT,
                "event delivery lag (server write to listener, after the reading): %s%n",
                m.deliveryLag()));
        out.append(String.format(
                Locale.ROOT,
                "generator platform threads with every stream open: %d (%d with %d"
                        + " open); resident set %.0f MiB (%.0f MiB with %d open); GCs %d (%d ms)%n",
                m.threads(),
                r.few().threads(),
                r.few().openAtReading(),
                m.residentBytes() / 1048576.0,
                r.few().residentBytes() / 1048576.0,
                r.few().openAtReading(),
                m.gcCount(),
                m.gcTimeMillis()));
        if (!m.histogram().isEmpty()) {
            out.append("live objects with every stream open:\n")
                    .append(m.histogram())
                    .append('\n');
        }
        return out.toString();
    }

    private static long count(TrialData data, String name) {
        Count c = data.counters().get(name);
        return c == null ? 0 : c.total();
    }

    private static Percentiles micros(Histogram h) {
        if (h.getTotalCount() == 0) {
            return Percentiles.of(new long[0]);
        }
        return new Percentiles(
                h.getTotalCount(),
                h.getValueAtPercentile(50) * 1000,
                h.getValueAtPercentile(99) * 1000,
                h.getValueAtPercentile(99.9) * 1000,
                h.getMaxValue() * 1000);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The server's write time: the second word of {@code <n> <micros>}. */
    private static long sentMicros(SseEvent event) {
        String data = event.data();
        return Long.parseLong(data.substring(data.indexOf(' ') + 1));
    }
}
