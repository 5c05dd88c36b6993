package dev.speechload.sse.stress;

import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Target;
import dev.speechload.sse.TtsScenario;
import dev.speechload.sse.corpus.CorpusItem;
import dev.speechload.sse.corpus.StressCorpus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TTS stability and stress run: sends a corpus of texts (by default {@link StressCorpus}) to a
 * TTS endpoint one at a time (or a few at once), records each request, restarts the server when
 * it crashes, searches the text length limit by bisection, and writes
 * {@code <resultsDir>/stress/<name>.json} ({@link StressReport}).
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
 * <p>The work is split into small package-private classes: {@code CorpusRequests} (the request
 * loop), {@code CrashGuard} (crash detection and restart), {@code StressStreams} (sessions that
 * follow the server across restarts), {@code LengthLimitSearch} (bisection) and
 * {@code ReportBuilder}.
 *
 * <p>Immutable: {@code with...} returns a new run description; {@link #run()} may be called
 * more than once (each call sends the corpus again and overwrites the report). Not for use from
 * several threads at once.
 */
public final class TtsStressRun {

    private static final Logger LOG = LoggerFactory.getLogger(TtsStressRun.class);
    private static final int MAX_CONCURRENCY = 16;
    /** The folder of {@code results} that holds stress reports, apart from run results. */
    static final String REPORT_FOLDER = "stress";

    private final StressConfig config;

    private TtsStressRun(StressConfig config) {
        this.config = config;
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
        StressConfig c = new StressConfig();
        c.name = checkName(name);
        c.server = restart -> StressServer.at(baseUrl, restart);
        return new TtsStressRun(c);
    }

    /**
     * A run that owns its server: it starts a target from {@code targets}, replaces it with a fresh
     * one after each crash, reads memory through the target's resource probe (unless
     * {@link #withResourceProbe} gives one), and closes the last target at the end.
     */
    public static TtsStressRun forTargets(String name, Supplier<? extends Target> targets) {
        Objects.requireNonNull(targets, "targets");
        StressConfig c = new StressConfig();
        c.name = checkName(name);
        c.server = restart -> StressServer.targets(targets);
        return new TtsStressRun(c);
    }

    /**
     * How to bring a crashed server back (for {@link #create} runs): called once per crash; the run
     * then waits until the server accepts connections (see {@link #withRestartTimeout}).
     */
    public TtsStressRun withRestart(Runnable restartCallback) {
        StressConfig c = config.copy();
        c.restart = Objects.requireNonNull(restartCallback, "restart");
        return new TtsStressRun(c);
    }

    /** Sends these texts instead of a generated corpus. */
    public TtsStressRun withCorpus(List<CorpusItem> items) {
        StressConfig c = config.copy();
        c.corpus = List.copyOf(items);
        return new TtsStressRun(c);
    }

    /** Size of the generated corpus (the {@code --count N} of a stress script; default 100); &gt;= 0. */
    public TtsStressRun withCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("TtsStressRun.withCount: must be >= 0, was " + n);
        }
        StressConfig c = config.copy();
        c.count = n;
        return new TtsStressRun(c);
    }

    /** Seed of the generated corpus and of the limit-search text (default 1). */
    public TtsStressRun withSeed(long newSeed) {
        StressConfig c = config.copy();
        c.seed = newSeed;
        return new TtsStressRun(c);
    }

    /** Requests in flight at once (default 1: sequential); 1..16. */
    public TtsStressRun withConcurrency(int n) {
        if (n < 1 || n > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("TtsStressRun.withConcurrency: must be between 1 and " + MAX_CONCURRENCY
                    + ", was " + n + " (use the load engine for more)");
        }
        StressConfig c = config.copy();
        c.concurrency = n;
        return new TtsStressRun(c);
    }

    /** Adjusts the TTS scenario used for every request (path, voice, read timeout...). */
    public TtsStressRun withScenario(UnaryOperator<TtsScenario> options) {
        StressConfig c = config.copy();
        c.scenarioOptions = Objects.requireNonNull(options, "options");
        return new TtsStressRun(c);
    }

    /** A request not finished this long after it started is a TIMEOUT (default 60 s); positive. */
    public TtsStressRun withRequestTimeout(Duration timeout) {
        StressConfig c = config.copy();
        c.requestTimeout = positive(timeout, "withRequestTimeout");
        return new TtsStressRun(c);
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
        StressConfig c = config.copy();
        c.limitProbes = maxProbes;
        c.limitMaxChars = maxChars;
        c.limitRepeats = repeats;
        return new TtsStressRun(c);
    }

    /** Skips the length-limit search ({@link StressReport#lengthLimit()} is then null). */
    public TtsStressRun withoutLimitSearch() {
        StressConfig c = config.copy();
        c.limitProbes = 0;
        return new TtsStressRun(c);
    }

    /** Reads the server's memory at start and end with this probe (default: the target's, if any). */
    public TtsStressRun withResourceProbe(ResourceProbe resourceProbe) {
        StressConfig c = config.copy();
        c.probe = Objects.requireNonNull(resourceProbe, "probe");
        return new TtsStressRun(c);
    }

    /**
     * The results directory; the report goes to its {@code stress/} folder (default: the
     * {@code loadtest.resultsDir} system property, else {@code <loadtest.root>/results}, else
     * {@code results}).
     */
    public TtsStressRun withResultsDir(Path dir) {
        StressConfig c = config.copy();
        c.resultsDir = Objects.requireNonNull(dir, "dir");
        return new TtsStressRun(c);
    }

    /** How long to wait for the server to accept connections at start and after a restart (default 60 s). */
    public TtsStressRun withRestartTimeout(Duration timeout) {
        StressConfig c = config.copy();
        c.restartTimeout = positive(timeout, "withRestartTimeout");
        return new TtsStressRun(c);
    }

    /** Most restarts in one run (default 10); at the next crash the run stops. &gt;= 0. */
    public TtsStressRun withMaxRestarts(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("TtsStressRun.withMaxRestarts: must be >= 0, was " + n);
        }
        StressConfig c = config.copy();
        c.maxRestarts = n;
        return new TtsStressRun(c);
    }

    /**
     * The report file this run writes: {@code <resultsDir>/stress/<name>.json}. A folder of its
     * own, because every {@code *.json} directly in the results directory is read as a run result
     * (the report index lists them).
     */
    public Path reportFile() {
        return resultsDir().resolve(REPORT_FOLDER).resolve(config.name + ".json");
    }

    /**
     * Sends the corpus, searches the length limit, writes the report and returns it.
     *
     * @throws IOException          when the report cannot be written
     * @throws InterruptedException when interrupted (running requests are cancelled)
     * @throws IllegalStateException when the server never accepted a connection at start
     */
    public StressReport run() throws IOException, InterruptedException {
        StressConfig c = config;
        List<CorpusItem> items = c.corpus != null ? c.corpus : StressCorpus.generate(c.count, c.seed);
        long startedAt = System.currentTimeMillis();
        try (StressServer server = c.server.apply(c.restart)) {
            server.start();
            CrashGuard guard = new CrashGuard(c.name, server, c.restartTimeout, c.maxRestarts);
            guard.awaitReachable("at start");
            ResourceProbe memory = c.probe != null ? c.probe : server.probe().orElse(null);
            long memoryStart = rss(memory);
            StressRequest[] results;
            try (StressStreams streams =
                    new StressStreams(c.scenario((ch, i) -> items.get((int) i).text()), c.concurrency, guard)) {
                results = new CorpusRequests(c.name, items, streams, guard, c.concurrency).send();
            }
            LengthLimit limit = c.limitProbes > 0 && guard.aborted() == null ? LengthLimitSearch.run(c, guard) : null;
            long memoryEnd = rss(memory);
            StressReport report = ReportBuilder.build(
                    new ReportBuilder.RunFacts(
                            c.name,
                            server.baseUrl().toString(),
                            startedAt,
                            guard.crashes(),
                            limit,
                            memoryStart,
                            memoryEnd,
                            guard.aborted()),
                    items,
                    results,
                    System.currentTimeMillis());
            AtomicFiles.write(reportFile(), Json.mapper().writeValueAsBytes(report));
            LOG.info(
                    "TTS stress run '{}': {} requests, {} ok, {} errors, {} timeouts, {} crashes; report {}",
                    c.name,
                    report.totalRequests(),
                    report.ok(),
                    report.errors(),
                    report.timeouts(),
                    report.crashes(),
                    reportFile());
            return report;
        }
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
        if (config.resultsDir != null) {
            return config.resultsDir;
        }
        String dir = System.getProperty("loadtest.resultsDir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String root = System.getProperty("loadtest.root");
        return root != null && !root.isBlank() ? Path.of(root, "results") : Path.of("results");
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("TtsStressRun." + what + ": must be positive, was " + d);
        }
        return d;
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("TtsStressRun name '" + name + "' must be letters, digits, '.', '_' or"
                    + " '-' (it names the report file stress/<name>.json)");
        }
        return name;
    }
}
