package dev.speechload.sse.stress;

import dev.speechload.core.io.AtomicFiles;
import dev.speechload.core.io.Json;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Target;
import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseSession;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.TtsScenario;
import dev.speechload.sse.corpus.CorpusItem;
import dev.speechload.sse.corpus.StressCorpus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TTS stability and stress run: sends a corpus of texts (by default {@link StressCorpus}) to a
 * TTS endpoint one at a time (or a few at once), records each request, restarts the server when
 * it crashes, searches the text length limit by bisection, and writes
 * {@code <resultsDir>/<name>-stress.json} ({@link StressReport}).
 *
 * <pre>{@code
 * StressReport report = TtsStressRun.create("tts", URI.create("http://127.0.0.1:8080"))
 *         .withCount(1000)                 // the --count N of a stress script
 *         .withRestart(() -> server.restart())
 *         .withResourceProbe(probe)
 *         .run();
 * }</pre>
 *
 * <p><b>Crashes.</b> A request whose connection is refused, or reset, while the server no longer
 * accepts connections, is a crash: counted once per outage, the request marked CRASH, and the
 * server restarted (the restart callback, or a fresh target from the supplier); the run then
 * waits for the server to accept connections again and goes on. Without a way to restart, the
 * run stops and says so in {@link StressReport#abortedReason()}.
 *
 * <p>Immutable: {@code with...} returns a new run description; {@link #run()} may be called
 * more than once (each call sends the corpus again and overwrites the report). Not for use from
 * several threads at once.
 */
public final class TtsStressRun {

    private static final Logger LOG = LoggerFactory.getLogger(TtsStressRun.class);
    private static final int TEXT_IN_REPORT_CHARS = 80;
    private static final int MAX_CONCURRENCY = 16;

    private final String name;
    private final Function<Runnable, StressServer> server;
    private final List<CorpusItem> corpus;
    private final int count;
    private final long seed;
    private final int concurrency;
    private final UnaryOperator<TtsScenario> scenarioOptions;
    private final Duration requestTimeout;
    private final int limitProbes;
    private final int limitMaxChars;
    private final int limitRepeats;
    private final ResourceProbe probe;
    private final Path resultsDir;
    private final Duration restartTimeout;
    private final int maxRestarts;
    private final Runnable restart;

    private TtsStressRun(String name, Function<Runnable, StressServer> server, List<CorpusItem> corpus, int count, long seed,
            int concurrency, UnaryOperator<TtsScenario> scenarioOptions, Duration requestTimeout, int limitProbes,
            int limitMaxChars, int limitRepeats, ResourceProbe probe, Path resultsDir, Duration restartTimeout,
            int maxRestarts, Runnable restart) {
        this.name = name;
        this.server = server;
        this.corpus = corpus;
        this.count = count;
        this.seed = seed;
        this.concurrency = concurrency;
        this.scenarioOptions = scenarioOptions;
        this.requestTimeout = requestTimeout;
        this.limitProbes = limitProbes;
        this.limitMaxChars = limitMaxChars;
        this.limitRepeats = limitRepeats;
        this.probe = probe;
        this.resultsDir = resultsDir;
        this.restartTimeout = restartTimeout;
        this.maxRestarts = maxRestarts;
        this.restart = restart;
    }

    /**
     * A run against a server already running at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}).
     *
     * @param name names the report file: letters, digits, '.', '_', '-'
     */
    public static TtsStressRun create(String name, URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        return create(name, () -> baseUrl);
    }

    /** A run against a server whose base URL is read from {@code baseUrl} at start and after every restart. */
    public static TtsStressRun create(String name, Supplier<URI> baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        return new TtsStressRun(checkName(name), null, null, 100, 1, 1, UnaryOperator.identity(),
                Duration.ofSeconds(60), 20, 30_000, 1, null, null, Duration.ofSeconds(60), 10, null)
                .withServer(baseUrl);
    }

    /**
     * A run that owns its server: it starts a target from {@code targets}, replaces it with a fresh
     * one after each crash, reads memory through the target's resource probe (unless
     * {@link #withResourceProbe} gives one), and closes the last target at the end.
     */
    public static TtsStressRun forTargets(String name, Supplier<? extends Target> targets) {
        Objects.requireNonNull(targets, "targets");
        return create(name, URI.create("http://unused")).copy(r -> StressServer.targets(targets), null);
    }

    private TtsStressRun withServer(Supplier<URI> baseUrl) {
        return copy(r -> StressServer.at(baseUrl, r), restart);
    }

    /**
     * How to bring a crashed server back (for {@link #create} runs): called once per crash; the run
     * then waits until the server accepts connections (see {@link #withRestartTimeout}).
     */
    public TtsStressRun withRestart(Runnable restartCallback) {
        return copy(server, Objects.requireNonNull(restartCallback, "restart"));
    }

    /** Sends these texts instead of a generated corpus. */
    public TtsStressRun withCorpus(List<CorpusItem> items) {
        return new TtsStressRun(name, server, List.copyOf(items), count, seed, concurrency, scenarioOptions,
                requestTimeout, limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout,
                maxRestarts, restart);
    }

    /** Size of the generated corpus (the {@code --count N} of a stress script; default 100); &gt;= 0. */
    public TtsStressRun withCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("TtsStressRun.withCount: must be >= 0, was " + n);
        }
        return new TtsStressRun(name, server, corpus, n, seed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /** Seed of the generated corpus and of the limit-search text (default 1). */
    public TtsStressRun withSeed(long newSeed) {
        return new TtsStressRun(name, server, corpus, count, newSeed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /** Requests in flight at once (default 1: sequential); 1..16. */
    public TtsStressRun withConcurrency(int n) {
        if (n < 1 || n > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("TtsStressRun.withConcurrency: must be between 1 and "
                    + MAX_CONCURRENCY + ", was " + n + " (use the load engine for more)");
        }
        return new TtsStressRun(name, server, corpus, count, seed, n, scenarioOptions, requestTimeout, limitProbes,
                limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /** Adjusts the TTS scenario used for every request (path, voice, read timeout...). */
    public TtsStressRun withScenario(UnaryOperator<TtsScenario> options) {
        Objects.requireNonNull(options, "options");
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, options, requestTimeout, limitProbes,
                limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /** A request not finished this long after it started is a TIMEOUT (default 60 s); positive. */
    public TtsStressRun withRequestTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("TtsStressRun.withRequestTimeout: must be positive, was " + timeout);
        }
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, timeout,
                limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /**
     * The length-limit search: at most {@code maxProbes} lengths between 1 and {@code maxChars}
     * code points, each sent {@code repeats} times (a length "works" only when every try worked).
     * Defaults: 20 probes, 30,000 chars, 1 repeat.
     *
     * @param maxProbes &gt;= 2
     * @param maxChars  &gt;= 2
     * @param repeats   &gt;= 1
     */
    public TtsStressRun withLimitSearch(int maxProbes, int maxChars, int repeats) {
        if (maxProbes < 2 || maxChars < 2 || repeats < 1) {
            throw new IllegalArgumentException("TtsStressRun.withLimitSearch: need maxProbes >= 2, maxChars >= 2"
                    + " and repeats >= 1; got " + maxProbes + ", " + maxChars + ", " + repeats);
        }
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                maxProbes, maxChars, repeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /** Skips the length-limit search ({@link StressReport#lengthLimit()} is then null). */
    public TtsStressRun withoutLimitSearch() {
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                0, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, restart);
    }

    /** Reads the server's memory at start and end with this probe (default: the target's, if any). */
    public TtsStressRun withResourceProbe(ResourceProbe resourceProbe) {
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, Objects.requireNonNull(resourceProbe, "probe"), resultsDir,
                restartTimeout, maxRestarts, restart);
    }

    /**
     * Where the report goes (default: the {@code loadtest.resultsDir} system property, else
     * {@code <loadtest.root>/results}, else {@code results}).
     */
    public TtsStressRun withResultsDir(Path dir) {
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, probe, Objects.requireNonNull(dir, "dir"), restartTimeout,
                maxRestarts, restart);
    }

    /** How long to wait for the server to accept connections at start and after a restart (default 60 s). */
    public TtsStressRun withRestartTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("TtsStressRun.withRestartTimeout: must be positive, was " + timeout);
        }
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, timeout, maxRestarts, restart);
    }

    /** Most restarts in one run (default 10); at the next crash the run stops. &gt;= 0. */
    public TtsStressRun withMaxRestarts(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("TtsStressRun.withMaxRestarts: must be >= 0, was " + n);
        }
        return new TtsStressRun(name, server, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, n, restart);
    }

    /** The report file this run writes. */
    public Path reportFile() {
        return resultsDir().resolve(name + "-stress.json");
    }

    /**
     * Sends the corpus, searches the length limit, writes the report and returns it.
     *
     * @throws IOException          when the report cannot be written
     * @throws InterruptedException when interrupted (running requests are cancelled)
     * @throws IllegalStateException when the server never accepted a connection at start
     */
    public StressReport run() throws IOException, InterruptedException {
        List<CorpusItem> items = corpus != null ? corpus : StressCorpus.generate(count, seed);
        long startedAt = System.currentTimeMillis();
        try (StressServer s = server.apply(restart)) {
            s.start();
            Execution ex = new Execution(s, items);
            ex.awaitReachable("at start");
            ResourceProbe memory = probe != null ? probe : s.probe().orElse(null);
            long memoryStart = rss(memory);
            try {
                ex.sendCorpus();
                LengthLimit limit = limitProbes > 0 && ex.aborted.get() == null ? ex.searchLimit() : null;
                long memoryEnd = rss(memory);
                StressReport report = ex.report(startedAt, limit, memoryStart, memoryEnd);
                AtomicFiles.write(reportFile(), Json.mapper().writeValueAsBytes(report));
                LOG.info("TTS stress run '{}': {} requests, {} ok, {} errors, {} timeouts, {} crashes; report {}",
                        name, report.totalRequests(), report.ok(), report.errors(), report.timeouts(),
                        report.crashes(), reportFile());
                return report;
            } finally {
                ex.close();
            }
        }
    }

    /** One call of {@link #run()}: the session, the restart bookkeeping and the results. */
    private final class Execution implements AutoCloseable {
        private final StressServer server;
        private final List<CorpusItem> items;
        private final StressRequest[] results;
        private final AtomicReference<String> aborted = new AtomicReference<>();
        private final Object restartLock = new Object();
        private volatile int generation;
        private volatile SseSession session;
        private SseSession limitSession;
        private String limitText;
        private int crashes;
        private int restarts;

        Execution(StressServer server, List<CorpusItem> items) {
            this.server = server;
            this.items = items;
            this.results = new StressRequest[items.size()];
            this.session = openSession();
        }

        private SseSession openSession() {
            TtsScenario tts = scenarioOptions.apply(TtsScenario.create((c, i) -> items.get((int) i).text()))
                    .withMaxStreamDuration(requestTimeout);
            return tts.open(server.baseUrl(), concurrency);
        }

        void sendCorpus() throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "tts-stress-" + name);
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < concurrency; w++) {
                    int channel = w;
                    workers.add(pool.submit(() -> {
                        int i;
                        while (aborted.get() == null && (i = next.getAndIncrement()) < items.size()) {
                            results[i] = send(channel, i);
                            if ((i + 1) % 100 == 0) {
                                LOG.info("TTS stress run '{}': {} of {} requests sent", name, i + 1, items.size());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a stress worker failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }

        private StressRequest send(int channel, int index) throws InterruptedException {
            CorpusItem item = items.get(index);
            int sentIn = generation;
            StreamOutcome o = session.stream(channel, index);
            RequestStatus status = status(o, sentIn);
            return new StressRequest(index, item.category().name(), item.truncated(TEXT_IN_REPORT_CHARS),
                    item.chars(), item.words(), status, o.durationNanos() / 1e6,
                    o.timeToFirstEventNanos() < 0 ? -1 : o.timeToFirstEventNanos() / 1e6, o.httpStatus(),
                    o.errorCode(), o.message(), o.audioMillis());
        }

        /** Maps an outcome to a status, handling a crash (restart) when the server is down. */
        private RequestStatus status(StreamOutcome o, int sentIn) throws InterruptedException {
            if (o.ok()) {
                return RequestStatus.OK;
            }
            if (o.kind() == SseErrorKind.TIMEOUT || o.kind() == SseErrorKind.STALL) {
                return RequestStatus.TIMEOUT;
            }
            if (o.kind() == SseErrorKind.RUN_ENDED) {
                throw new InterruptedException("stress run interrupted");
            }
            if ((o.kind() == SseErrorKind.CONNECT || o.kind() == SseErrorKind.RESET) && serverDown(sentIn)) {
                return RequestStatus.CRASH;
            }
            return RequestStatus.ERROR;
        }

        /** True when the server was down after a request of {@code sentIn}; restarts it once per outage. */
        private boolean serverDown(int sentIn) throws InterruptedException {
            synchronized (restartLock) {
                if (generation != sentIn) {
                    return true; // another request already found this outage and restarted the server
                }
                if (reachable()) {
                    return false;
                }
                crashes++;
                generation++;
                if (!server.restartable()) {
                    abort("the server at " + server.baseUrl() + " went down (connection refused) and the run has no"
                            + " way to restart it: give TtsStressRun.withRestart(..) or use forTargets(..)");
                    return true;
                }
                if (restarts >= maxRestarts) {
                    abort("the server went down again after " + restarts + " restarts (withMaxRestarts)");
                    return true;
                }
                restarts++;
                LOG.warn("TTS stress run '{}': the server at {} is down (crash {}); restarting it", name,
                        server.baseUrl(), crashes);
                try {
                    server.restart();
                    SseSession old = session;
                    session = openSession();
                    old.close();
                    awaitReachable("after restart " + restarts);
                } catch (RuntimeException e) {
                    abort("restarting the server failed: " + e.getMessage());
                }
                return true;
            }
        }

        private void abort(String reason) {
            if (aborted.compareAndSet(null, reason)) {
                LOG.error("TTS stress run '{}' stops early: {}", name, reason);
            }
        }

        void awaitReachable(String when) throws InterruptedException {
            long deadline = System.nanoTime() + restartTimeout.toNanos();
            while (!reachable()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the TTS server at " + server.baseUrl()
                            + " did not accept connections " + when + " within " + restartTimeout.toMillis()
                            + " ms; start it first, or raise TtsStressRun.withRestartTimeout");
                }
                Thread.sleep(100);
            }
        }

        private boolean reachable() {
            URI base = server.baseUrl();
            int port = base.getPort() >= 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(base.getHost(), port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Bisection on prefix length of one long text. */
        LengthLimit searchLimit() throws InterruptedException {
            limitText = StressCorpus.longText(limitMaxChars, seed);
            TtsScenario tts = scenarioOptions.apply(TtsScenario.create((c, i) -> prefix((int) i)))
                    .withMaxStreamDuration(requestTimeout);
            limitSession = tts.open(server.baseUrl(), 1);
            int probes = 0;
            int[] used = {0};
            if (works(limitMaxChars, used)) {
                return new LengthLimit(limitMaxChars, -1, false, used[0], limitMaxChars);
            }
            if (!works(1, used)) {
                return new LengthLimit(0, 1, true, used[0], limitMaxChars);
            }
            int lo = 1;
            int hi = limitMaxChars;
            while (hi - lo > 1 && used[0] < limitProbes * limitRepeats && aborted.get() == null) {
                int mid = lo + (hi - lo) / 2;
                if (works(mid, used)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            probes = used[0];
            return new LengthLimit(lo, hi, hi - lo == 1, probes, limitMaxChars);
        }

        private boolean works(int chars, int[] used) throws InterruptedException {
            for (int r = 0; r < limitRepeats; r++) {
                used[0]++;
                int sentIn = generation;
                StreamOutcome o = limitSession.stream(0, chars);
                if (!o.ok()) {
                    if (o.kind() == SseErrorKind.CONNECT || o.kind() == SseErrorKind.RESET) {
                        if (serverDown(sentIn)) {
                            limitSession.close();
                            limitSession = scenarioOptions.apply(TtsScenario.create((c, i) -> prefix((int) i)))
                                    .withMaxStreamDuration(requestTimeout).open(server.baseUrl(), 1);
                        }
                    }
                    return false;
                }
            }
            return true;
        }

        private String prefix(int chars) {
            int end = limitText.offsetByCodePoints(0, Math.min(chars, limitText.codePointCount(0, limitText.length())));
            return limitText.substring(0, end);
        }

        StressReport report(long startedAt, LengthLimit limit, long memoryStart, long memoryEnd) {
            List<StressRequest> done = new ArrayList<>();
            for (StressRequest r : results) {
                if (r != null) {
                    done.add(r);
                }
            }
            int ok = 0;
            int errors = 0;
            int timeouts = 0;
            int crashRequests = 0;
            int longestOk = -1;
            int shortestFail = -1;
            List<Double> okMillis = new ArrayList<>();
            Map<String, Integer> byCode = new TreeMap<>();
            Map<String, int[]> byCategory = new TreeMap<>();
            for (StressRequest r : done) {
                int[] cat = byCategory.computeIfAbsent(String.valueOf(r.category()), k -> new int[2]);
                cat[0]++;
                switch (r.status()) {
                    case OK:
                        ok++;
                        cat[1]++;
                        okMillis.add(r.responseMillis());
                        longestOk = Math.max(longestOk, r.chars());
                        break;
                    case ERROR:
                        errors++;
                        break;
                    case TIMEOUT:
                        timeouts++;
                        break;
                    default:
                        crashRequests++;
                        break;
                }
                if (r.status() != RequestStatus.OK) {
                    byCode.merge(r.errorCode() == null ? r.status().name() : r.errorCode(), 1, Integer::sum);
                    if (!items.get(r.index()).text().isBlank() && (shortestFail < 0 || r.chars() < shortestFail)) {
                        shortestFail = r.chars();
                    }
                }
            }
            okMillis.sort(null);
            Map<String, StressReport.CategoryFigures> categories = new TreeMap<>();
            byCategory.forEach((k, v) -> categories.put(k, new StressReport.CategoryFigures(v[0], v[1])));
            double mean = okMillis.isEmpty() ? -1 : okMillis.stream().mapToDouble(Double::doubleValue).average()
                    .orElse(-1);
            return new StressReport(StressReport.SCHEMA_VERSION, name, server.baseUrl().toString(), startedAt,
                    System.currentTimeMillis(), done.size(), ok, errors, timeouts, crashRequests, crashes,
                    done.isEmpty() ? 0 : (double) ok / done.size(), round(mean), round(rank(okMillis, 0.50)),
                    round(rank(okMillis, 0.95)), round(rank(okMillis, 1.0)), longestOk, shortestFail, limit,
                    memoryStart, memoryEnd, byCode, categories, aborted.get(), done);
        }

        @Override
        public void close() {
            session.close();
            if (limitSession != null) {
                limitSession.close();
            }
        }
    }

    /** Nearest-rank percentile of sorted values; -1 when empty. */
    static double rank(List<Double> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double round(double millis) {
        return millis < 0 ? millis : Math.round(millis * 1000) / 1000.0;
    }

    private static long rss(ResourceProbe memory) {
        if (memory == null) {
            return -1;
        }
        try {
            return memory.read().memoryRssBytes();
        } catch (IOException | RuntimeException e) {
            LOG.warn("reading the server's memory from {} failed: {}", memory.description(), e.toString());
            return -1;
        }
    }

    private Path resultsDir() {
        if (resultsDir != null) {
            return resultsDir;
        }
        String dir = System.getProperty("loadtest.resultsDir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String root = System.getProperty("loadtest.root");
        return root != null && !root.isBlank() ? Path.of(root, "results") : Path.of("results");
    }

    private TtsStressRun copy(Function<Runnable, StressServer> newServer, Runnable newRestart) {
        return new TtsStressRun(name, newServer, corpus, count, seed, concurrency, scenarioOptions, requestTimeout,
                limitProbes, limitMaxChars, limitRepeats, probe, resultsDir, restartTimeout, maxRestarts, newRestart);
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("TtsStressRun name '" + name + "' must be letters, digits, '.', '_' or"
                    + " '-' (it names the file <name>-stress.json)");
        }
        return name;
    }
}
