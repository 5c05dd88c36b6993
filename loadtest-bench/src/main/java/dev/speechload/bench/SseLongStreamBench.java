package dev.speechload.bench;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.sse.SseEvent;
import dev.speechload.sse.SseListener;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.SseScenario;
import dev.speechload.sse.StreamOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Generator heap per SSE stream as streams grow long: {@code --streams} streams of
 * {@code --events} small events each ({@code data: x}, 9 bytes) from a loopback server that
 * writes them as fast as the driver reads, run through the engine and {@link SseScenario} (gaps
 * into the histogram, as in a load test). Settled heap is read before the streams open, when a
 * quarter of all events have arrived and when three quarters have: per stream = (heap - heap
 * before) / streams at each point; growth = the difference of the two, per stream. Goal (issue
 * #13): at most 64 KB per stream at 1,000,000 events per stream, and no growth with length.
 * Progress is the streams' total, so a point is reached with streams at different lengths; the
 * bound does not depend on how far each one is.
 *
 * <p>How to run (about a minute; after {@code mvn -B -o -q -pl loadtest-bench -am package -DskipTests}):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseLongStreamBench
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseLongStreamBench --streams 50 --events 400000
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseLongStreamBench --histogram 40
 * </pre>
 */
public final class SseLongStreamBench {

    private static final String PROGRAM = "SseLongStreamBench";
    private static final byte[] EVENT = "data: x\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int EVENTS_PER_WRITE = 7_000;
    /**
     * What every server stream writes, one array for all (read only): the server runs in this JVM,
     * and a 63 KB batch per stream was most of the 70 KB of {@code byte[]} per stream that the
     * class histogram once charged to the generator (issue 13 item 7).
     */
    private static final byte[] BATCH = batch();

    /**
     * Streams of the run whose heap is the fixed cost. Not 1: a metric's values go to one
     * histogram per recording stripe that received any (a power of two up to the core count, at
     * most 8), so the first 8 recording threads may each add a whole histogram (~190 KB), a cost of
     * the run, not of a stream; 1 stream against 20 counted about 115 KB of it per stream.
     */
    private static final int FEW_STREAMS = 8;

    private SseLongStreamBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(PROGRAM, argv, Map.of("streams", "160", "events", "1000000", "histogram", "0"));
        int streams = args.intValue("streams", FEW_STREAMS + 1, 10_000);
        long events = args.longValue("events", 1_000, 100_000_000);
        int histogram = args.intValue("histogram", 0, 1_000);
        System.out.println(Conditions.machine());
        System.out.println("load average before: " + Conditions.loadAverage());
        try (ServerSocket server = new ServerSocket(0, streams, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> serve(server, events), "sse-bench-server");
            acceptor.setDaemon(true);
            acceptor.start();
            run(streams, events, server.getLocalPort(), histogram);
        }
        System.out.println("load average after: " + Conditions.loadAverage());
    }

    /** Live heap with the streams a quarter and three quarters through their events. */
    private record Reading(long quarterBytes, int quarterOpen, long threeQuartersBytes, int threeQuartersOpen) {}

    private static void run(int streams, long events, int port, int histogramLines) throws Exception {
        // A few streams carry the run's fixed costs (recorders, client, dispatcher); the difference
        // to many streams, per added stream, is what a stream costs.
        Reading few = read(FEW_STREAMS, events, port, histogramLines);
        Reading many = read(streams, events, port, histogramLines);
        // Streams end at different times: divide by the streams still open at each reading.
        double quarter = (many.quarterBytes() - few.quarterBytes())
                / 1024.0
                / Math.max(1, many.quarterOpen() - few.quarterOpen());
        double threeQuarters = (many.threeQuartersBytes() - few.threeQuartersBytes())
                / 1024.0
                / Math.max(1, many.threeQuartersOpen() - few.threeQuartersOpen());
        System.out.printf(
                Locale.ROOT,
                "heap per open stream (%d streams minus " + FEW_STREAMS
                        + ", per added open stream): %.1f KB at 25 %%"
                        + " of the events, %.1f KB at 75 %%; growth from 25 %% to 75 %%: %.1f KB"
                        + " (goal: at most 64 KB per stream at 1,000,000 events)%n",
                streams,
                quarter,
                threeQuarters,
                threeQuarters - quarter);
    }

    private static Reading read(int streams, long events, int port, int histogramLines) throws Exception {
        LongAdder seen = new LongAdder();
        AtomicInteger open = new AtomicInteger();
        SseScenario scenario = SseScenario.get("http://127.0.0.1:" + port + "/events")
                .withOptions(SseOptions.defaults().withStreamTimeout(Duration.ofMinutes(30)))
                .withListener(new SseListener() {
                    @Override
                    public void onOpen(int status, String contentType) {
                        open.incrementAndGet();
                    }

                    @Override
                    public void onEvent(SseEvent event, long sinceStartNanos) {
                        seen.increment();
                    }

                    @Override
                    public void onEnd(StreamOutcome outcome) {
                        open.decrementAndGet();
                    }
                });
        LoadRunner runner = new LoadRunner(LoadPlan.closed(streams).withIterations(1))
                .withTimeLimit(Duration.ofHours(1))
                .withGracePeriod(Duration.ofSeconds(5));
        FutureTask<TrialData> trial = new FutureTask<>(() -> runner.run(scenario, 0));
        Thread driver = new Thread(trial, "sse-bench-driver");
        driver.setDaemon(true);
        long start = System.nanoTime();
        driver.start();
        long total = streams * events;
        long quarter = awaitEvents(seen, total / 4, trial);
        int quarterOpen = open.get();
        if (histogramLines > 0) {
            System.out.println(
                    "live objects at 25 % of the events, " + quarterOpen + " of " + streams + " stream(s) open:");
            System.out.println(Heap.classHistogram(histogramLines));
        }
        long threeQuarters = awaitEvents(seen, total * 3 / 4, trial);
        int threeQuartersOpen = open.get();
        TrialData data = trial.get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long counted = data.counters().get("sse.events").total();
        long gaps = data.latencies().get("sse.event_gap").getTotalCount();
        System.out.printf(
                Locale.ROOT,
                "%d streams x %,d events: %,d events counted, %,d gaps recorded, %d errors,"
                        + " %.1f s (%,.0f events/s); live heap %.1f MiB at 25 %% (%d open), %.1f MiB at 75 %% (%d open)%n",
                streams,
                events,
                counted,
                gaps,
                data.errorsByCode().values().stream().mapToLong(Long::longValue).sum(),
                seconds,
                counted / seconds,
                quarter / 1048576.0,
                quarterOpen,
                threeQuarters / 1048576.0,
                threeQuartersOpen);
        if (counted != total) {
            throw new IllegalStateException("expected " + total + " events counted, the engine counted " + counted);
        }
        return new Reading(quarter, quarterOpen, threeQuarters, threeQuartersOpen);
    }

    /** Waits until {@code target} events have arrived; returns the settled heap then. */
    private static long awaitEvents(LongAdder seen, long target, FutureTask<TrialData> trial) throws Exception {
        while (seen.sum() < target) {
            if (trial.isDone()) {
                trial.get();
                throw new IllegalStateException("the streams ended after " + seen.sum() + " events, before " + target);
            }
            Thread.sleep(20);
        }
        return Heap.liveAfterFullGcBytes();
    }

    private static void serve(ServerSocket server, long events) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> stream(socket, events), "sse-bench-stream");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void stream(Socket socket, long events) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            skipRequest(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < events; sent += EVENTS_PER_WRITE) {
                int n = (int) Math.min(EVENTS_PER_WRITE, events - sent);
                out.write(BATCH, 0, n * EVENT.length);
            }
            out.flush();
        } catch (IOException e) {
            // The client went away: its outcome says why.
        }
    }

    private static byte[] batch() {
        byte[] batch = new byte[EVENT.length * EVENTS_PER_WRITE];
        for (int i = 0; i < EVENTS_PER_WRITE; i++) {
            System.arraycopy(EVENT, 0, batch, i * EVENT.length, EVENT.length);
        }
        return batch;
    }

    /** Reads the request up to the blank line after its headers (a GET has no body). */
    private static void skipRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
