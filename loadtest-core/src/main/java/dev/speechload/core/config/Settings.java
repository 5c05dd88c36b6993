package dev.speechload.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every {@code loadtest.*} setting, parsed once per test run so Maven and CI can steer load tests
 * without code changes. Each key is read from a system property first, then from the matching
 * environment variable ({@code loadtest.resultsDir} -> {@code LOADTEST_RESULTS_DIR},
 * {@code loadtest.external.grpc} -> {@code LOADTEST_EXTERNAL_GRPC}). Immutable and thread-safe.
 *
 * @param root                       the multi-module root (absolute); {@code loadtest.root}, which
 *                                   the parent pom sets for every test JVM, else the working directory
 * @param resultsDir                 absolute; {@code loadtest.resultsDir}, relative to root, default {@code results}
 * @param baselinesDir               absolute; {@code loadtest.baselinesDir}, relative to root, default {@code baselines}
 * @param updateBaseline             {@code loadtest.updateBaseline}, default false
 * @param failOnRegression           {@code loadtest.failOnRegression}, default true
 * @param regressionThresholdPercent {@code loadtest.regressionThreshold} in percent ({@code 50} or
 *                                   {@code 50%}, > 0); null = each metric's default threshold
 * @param scale                      {@code loadtest.scale}, default {@link Scale#FULL} (the plan as the test declares it)
 * @param target                     {@code loadtest.target}; null = what the test class declares
 * @param externalGrpc               {@code loadtest.external.grpc} as {@code grpc://host:port}
 *                                   ({@code host:port} accepted); null when unset
 * @param externalHttp               {@code loadtest.external.http} as {@code http(s)://host:port}; null when unset
 * @param progress                   {@code loadtest.progress}: the live progress line on stderr;
 *                                   default on only when a console is attached and {@code CI} is unset
 * @param sampleInterval             {@code loadtest.sampleInterval}, default 1 s; a test's own
 *                                   {@code sampleInterval} attribute wins over it
 * @param inconclusive               {@code loadtest.inconclusive}: what an INCONCLUSIVE verdict does to
 *                                   a test, default {@link InconclusiveOutcome#ABORT}
 * @param baselineRuns               {@code loadtest.baselineRuns}, default 1: with
 *                                   {@code updateBaseline}, how many runs the baseline keeps (the
 *                                   newest); 1 replaces it, N &gt; 1 adds this run to it, so the
 *                                   baseline carries its own run-to-run spread
 * @param compareWith                {@code loadtest.compareWith}: the reference build to run every load
 *                                   test against as an A/B comparison (a {@code .jar}, an image name for
 *                                   container targets, or a command line); null = no A/B (judged against
 *                                   the baseline)
 * @param comparePairs               {@code loadtest.comparePairs}, default {@value #DEFAULT_COMPARE_PAIRS}:
 *                                   trial pairs of an A/B comparison, {@value #MIN_COMPARE_PAIRS} to
 *                                   {@value #MAX_COMPARE_PAIRS}
 * @param compareSeed                {@code loadtest.compareSeed}: the seed of the A/B pair order; null =
 *                                   a new one each run (recorded in the result)
 * @param shard                      {@code loadtest.shard=i/n} (or Kubernetes' {@code JOB_COMPLETION_INDEX}
 *                                   with {@code loadtest.shards=n}): this generator runs shard i of n of
 *                                   every plan; null = the whole plan
 * @param startAt                    {@code loadtest.startAt} (epoch milliseconds or an ISO instant): the
 *                                   instant the first load test of this JVM starts its ramp, so shards on
 *                                   several machines start together; the tests after it start on a
 *                                   schedule worked out from it (see {@code startGap}); null = at once
 * @param startGap                   {@code loadtest.startGap}, default {@link #DEFAULT_START_GAP}: with
 *                                   {@code startAt}, the time allowed between one trial's planned end
 *                                   (warm-up + duration) and the next one's common start, for the grace
 *                                   period, the reports and the next test's set-up
 * @param history                    {@code loadtest.history}: whether judged runs are appended to the run
 *                                   history, default {@link HistoryMode#ON} (a history that cannot be
 *                                   written is logged, never fails the test; {@code required} fails it)
 * @param historyUrl                 {@code loadtest.history.url}: the history's JDBC URL
 *                                   ({@code jdbc:postgresql://...} or {@code jdbc:h2:...}); null = the
 *                                   embedded store {@code <root>/.speechload/history}
 * @param livePort                   {@code loadtest.live}: the loopback port of the live view of the
 *                                   runs (0 = any free port, logged); null = no live view
 * @param channelThreads             {@code loadtest.channelThreads}, default {@link ChannelThreadKind#PLATFORM}:
 *                                   what a blocking scenario's channels run on; {@code virtual} needs
 *                                   Java 21 or later (checked when a load test starts, not here)
 */
public record Settings(
        Path root,
        Path resultsDir,
        Path baselinesDir,
        boolean updateBaseline,
        boolean failOnRegression,
        Double regressionThresholdPercent,
        Scale scale,
        TargetKind target,
        URI externalGrpc,
        URI externalHttp,
        boolean progress,
        Duration sampleInterval,
        InconclusiveOutcome inconclusive,
        int baselineRuns,
        String compareWith,
        int comparePairs,
        Long compareSeed,
        Shard shard,
        Instant startAt,
        Duration startGap,
        HistoryMode history,
        String historyUrl,
        Integer livePort,
        ChannelThreadKind channelThreads) {

    public static final String ROOT = "loadtest.root";
    public static final String RESULTS_DIR = "loadtest.resultsDir";
    public static final String BASELINES_DIR = "loadtest.baselinesDir";
    public static final String UPDATE_BASELINE = "loadtest.updateBaseline";
    public static final String FAIL_ON_REGRESSION = "loadtest.failOnRegression";
    public static final String REGRESSION_THRESHOLD = "loadtest.regressionThreshold";
    public static final String SCALE = "loadtest.scale";
    public static final String TARGET = "loadtest.target";
    public static final String EXTERNAL_GRPC = "loadtest.external.grpc";
    public static final String EXTERNAL_HTTP = "loadtest.external.http";
    public static final String PROGRESS = "loadtest.progress";
    public static final String SAMPLE_INTERVAL = "loadtest.sampleInterval";
    public static final String INCONCLUSIVE = "loadtest.inconclusive";
    public static final String BASELINE_RUNS = "loadtest.baselineRuns";
    public static final String COMPARE_WITH = "loadtest.compareWith";
    public static final String COMPARE_PAIRS = "loadtest.comparePairs";
    public static final String COMPARE_SEED = "loadtest.compareSeed";
    public static final String SHARD = "loadtest.shard";
    public static final String SHARDS = "loadtest.shards";
    public static final String START_AT = "loadtest.startAt";
    public static final String START_GAP = "loadtest.startGap";
    /** Between one trial's planned end and the next one's common start, unless {@code loadtest.startGap} says. */
    public static final Duration DEFAULT_START_GAP = Duration.ofSeconds(20);
    /** The longest {@code loadtest.startGap}: as far ahead as a start may be. */
    public static final Duration MAX_START_GAP = Duration.ofMinutes(10);
    /** Set by Kubernetes in each pod of an Indexed Job: the pod's 0-based completion index. */
    public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

    public static final String HISTORY = "loadtest.history";
    public static final String HISTORY_URL = "loadtest.history.url";
    public static final String LIVE = "loadtest.live";
    public static final String CHANNEL_THREADS = "loadtest.channelThreads";
    /** The most runs a baseline keeps. */
    public static final int MAX_BASELINE_RUNS = 50;
    /** Fewest A/B pairs: with 5 or fewer, no signed-rank interval reaches 95 % coverage. */
    public static final int MIN_COMPARE_PAIRS = 6;

    public static final int DEFAULT_COMPARE_PAIRS = 8;
    public static final int MAX_COMPARE_PAIRS = 50;

    /** Every key, in the order the docs list them. */
    public static final List<String> KEYS = List.of(
            ROOT,
            RESULTS_DIR,
            BASELINES_DIR,
            UPDATE_BASELINE,
            FAIL_ON_REGRESSION,
            REGRESSION_THRESHOLD,
            SCALE,
            TARGET,
            EXTERNAL_GRPC,
            EXTERNAL_HTTP,
            PROGRESS,
            SAMPLE_INTERVAL,
            INCONCLUSIVE,
            BASELINE_RUNS,
            COMPARE_WITH,
            COMPARE_PAIRS,
            COMPARE_SEED,
            SHARD,
            SHARDS,
            START_AT,
            START_GAP,
            HISTORY,
            HISTORY_URL,
            LIVE,
            CHANNEL_THREADS);

    public Settings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(resultsDir, "resultsDir");
        Objects.requireNonNull(baselinesDir, "baselinesDir");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Objects.requireNonNull(inconclusive, "inconclusive");
        if (baselineRuns < 1 || baselineRuns > MAX_BASELINE_RUNS) {
            throw new IllegalArgumentException(
                    "baselineRuns must be 1.." + MAX_BASELINE_RUNS + ", was " + baselineRuns);
        }
        if (comparePairs < MIN_COMPARE_PAIRS || comparePairs > MAX_COMPARE_PAIRS) {
            throw new IllegalArgumentException(
                    "comparePairs must be " + MIN_COMPARE_PAIRS + ".." + MAX_COMPARE_PAIRS + ", was " + comparePairs);
        }
        compareWith = compareWith == null || compareWith.isBlank() ? null : compareWith.trim();
        startGap = startGap == null ? DEFAULT_START_GAP : startGap;
        history = history == null ? HistoryMode.ON : history;
        historyUrl = historyUrl == null || historyUrl.isBlank() ? null : historyUrl.trim();
        if (livePort != null && (livePort < 0 || livePort > 65_535)) {
            throw new IllegalArgumentException("livePort must be 0..65535 or null, was " + livePort);
        }
        channelThreads = channelThreads == null ? ChannelThreadKind.PLATFORM : channelThreads;
    }

    /** Settings whose blocking channels run on platform threads (the default). */
    public Settings(
            Path root,
            Path resultsDir,
            Path baselinesDir,
            boolean updateBaseline,
            boolean failOnRegression,
            Double regressionThresholdPercent,
            Scale scale,
            TargetKind target,
            URI externalGrpc,
            URI externalHttp,
            boolean progress,
            Duration sampleInterval,
            InconclusiveOutcome inconclusive,
            int baselineRuns,
            String compareWith,
            int comparePairs,
            Long compareSeed,
            Shard shard,
            Instant startAt,
            Duration startGap,
            HistoryMode history,
            String historyUrl,
            Integer livePort) {
        this(
                root,
                resultsDir,
                baselinesDir,
                updateBaseline,
                failOnRegression,
                regressionThresholdPercent,
                scale,
                target,
                externalGrpc,
                externalHttp,
                progress,
                sampleInterval,
                inconclusive,
                baselineRuns,
                compareWith,
                comparePairs,
                compareSeed,
                shard,
                startAt,
                startGap,
                history,
                historyUrl,
                livePort,
                ChannelThreadKind.PLATFORM);
    }

    /** Settings without a live view. */
    public Settings(
            Path root,
            Path resultsDir,
            Path baselinesDir,
            boolean updateBaseline,
            boolean failOnRegression,
            Double regressionThresholdPercent,
            Scale scale,
            TargetKind target,
            URI externalGrpc,
            URI externalHttp,
            boolean progress,
            Duration sampleInterval,
            InconclusiveOutcome inconclusive,
            int baselineRuns,
            String compareWith,
            int comparePairs,
            Long compareSeed,
            Shard shard,
            Instant startAt,
            Duration startGap,
            HistoryMode history,
            String historyUrl) {
        this(
                root,
                resultsDir,
                baselinesDir,
                updateBaseline,
                failOnRegression,
                regressionThresholdPercent,
                scale,
                target,
                externalGrpc,
                externalHttp,
                progress,
                sampleInterval,
                inconclusive,
                baselineRuns,
                compareWith,
                comparePairs,
                compareSeed,
                shard,
                startAt,
                startGap,
                history,
                historyUrl,
                null);
    }

    /** Settings of an unsharded run that starts at once, with the history on at its default place. */
    public Settings(
            Path root,
            Path resultsDir,
            Path baselinesDir,
            boolean updateBaseline,
            boolean failOnRegression,
            Double regressionThresholdPercent,
            Scale scale,
            TargetKind target,
            URI externalGrpc,
            URI externalHttp,
            boolean progress,
            Duration sampleInterval,
            InconclusiveOutcome inconclusive,
            int baselineRuns,
            String compareWith,
            int comparePairs,
            Long compareSeed) {
        this(
                root,
                resultsDir,
                baselinesDir,
                updateBaseline,
                failOnRegression,
                regressionThresholdPercent,
                scale,
                target,
                externalGrpc,
                externalHttp,
                progress,
                sampleInterval,
                inconclusive,
                baselineRuns,
                compareWith,
                comparePairs,
                compareSeed,
                null,
                null,
                DEFAULT_START_GAP,
                HistoryMode.ON,
                null);
    }

    /** Reads system properties, the environment, and whether a console is attached. */
    public static Settings fromSystem() {
        return load(System::getProperty, System.getenv(), System.console() != null);
    }

    /**
     * Parses settings from a property lookup (consulted first) and environment variables.
     *
     * @param properties      key to value or null; e.g. {@code System::getProperty}
     * @param env             environment variables, e.g. {@code System.getenv()}
     * @param consoleAttached whether a person watches the console (decides the progress default)
     * @throws IllegalArgumentException listing every bad value, one per line, each with the
     *                                  accepted values ({@code loadtest.scale=fast: expected smoke | full})
     */
    public static Settings load(Function<String, String> properties, Map<String, String> env, boolean consoleAttached) {
        Reader r = new Reader(properties, env);
        Path root = r.path(ROOT, null);
        if (root == null) {
            root = Path.of("").toAbsolutePath();
        }
        root = root.toAbsolutePath().normalize();
        Path results = root.resolve(r.path(RESULTS_DIR, Path.of("results"))).normalize();
        Path baselines =
                root.resolve(r.path(BASELINES_DIR, Path.of("baselines"))).normalize();
        boolean update = r.bool(UPDATE_BASELINE, false);
        boolean failOn = r.bool(FAIL_ON_REGRESSION, true);
        Double threshold = r.percent(REGRESSION_THRESHOLD);
        Scale scale = r.choice(SCALE, Scale.class, Scale.FULL);
        TargetKind target = r.choice(TARGET, TargetKind.class, null);
        URI grpc = r.uri(EXTERNAL_GRPC, "grpc");
        URI http = r.uri(EXTERNAL_HTTP, "http");
        boolean ci = env.get("CI") != null && !env.get("CI").isBlank() && !"false".equalsIgnoreCase(env.get("CI"));
        boolean progress = r.bool(PROGRESS, consoleAttached && !ci);
        Duration sample = r.duration(SAMPLE_INTERVAL, Duration.ofSeconds(1));
        InconclusiveOutcome inconclusive = r.choice(INCONCLUSIVE, InconclusiveOutcome.class, InconclusiveOutcome.ABORT);
        int runs = r.count(BASELINE_RUNS, 1, MAX_BASELINE_RUNS);
        String compareWith = r.raw(COMPARE_WITH);
        int pairs = r.count(COMPARE_PAIRS, DEFAULT_COMPARE_PAIRS, MAX_COMPARE_PAIRS);
        if (pairs < MIN_COMPARE_PAIRS) {
            r.errors.add(COMPARE_PAIRS + "=" + pairs + ": expected a whole number from " + MIN_COMPARE_PAIRS + " to "
                    + MAX_COMPARE_PAIRS + " (with fewer pairs no signed-rank interval reaches 95 % coverage)");
            pairs = DEFAULT_COMPARE_PAIRS;
        }
        Long seed = r.seed(COMPARE_SEED);
        Shard shard = r.shard(env);
        Instant startAt = r.instant(START_AT);
        Duration startGap = r.duration(START_GAP, DEFAULT_START_GAP);
        if (startGap.compareTo(MAX_START_GAP) > 0) {
            r.errors.add(START_GAP + "=" + Durations.format(startGap) + ": expected at most "
                    + Durations.format(MAX_START_GAP) + " (a start may be at most that far ahead)");
        }
        if (shard != null && update) {
            r.errors.add(SHARD + "=" + shard + " and " + UPDATE_BASELINE + "=true exclude each other: a shard holds"
                    + " part of the load; merge the shards (speechload merge) and record the merged result with"
                    + " speechload baseline update");
        }
        if (shard != null && compareWith != null) {
            r.errors.add(SHARD + "=" + shard + " and " + COMPARE_WITH + " exclude each other: an A/B comparison"
                    + " runs its pairs on one generator; drop one of them");
        }
        HistoryMode historyMode = r.choice(HISTORY, HistoryMode.class, HistoryMode.ON);
        String historyUrl = r.raw(HISTORY_URL);
        if (historyUrl != null && !historyUrl.startsWith("jdbc:")) {
            r.errors.add(HISTORY_URL + "=" + historyUrl + ": expected a JDBC URL such as"
                    + " jdbc:postgresql://host:5432/speechload or jdbc:h2:file:/path/history");
        }
        Integer livePort = r.livePort();
        ChannelThreadKind channelThreads =
                r.choice(CHANNEL_THREADS, ChannelThreadKind.class, ChannelThreadKind.PLATFORM);
        if (compareWith != null && update) {
            r.errors.add(COMPARE_WITH + " and " + UPDATE_BASELINE + "=true exclude each other: an A/B comparison"
                    + " records no baseline; drop one of them");
        }
        if (target == TargetKind.EXTERNAL && grpc == null && http == null) {
            r.errors.add(TARGET + "=external: set " + EXTERNAL_GRPC + " (host:port) or " + EXTERNAL_HTTP
                    + " (http://host:port) to the running server");
        }
        if (!r.errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", r.errors));
        }
        return new Settings(
                root,
                results,
                baselines,
                update,
                failOn,
                threshold,
                scale,
                target,
                grpc,
                http,
                progress,
                sample,
                inconclusive,
                runs,
                compareWith,
                pairs,
                seed,
                shard,
                startAt,
                startGap,
                historyMode,
                historyUrl,
                livePort,
                channelThreads);
    }

    /** Environment variable name of a key: {@code loadtest.external.grpc} -> {@code LOADTEST_EXTERNAL_GRPC}. */
    public static String envName(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '.') {
                out.append('_');
            } else if (Character.isUpperCase(c)) {
                out.append('_').append(c);
            } else {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString();
    }

    /** The same settings at another scale (tests and the CLI use this). */
    public Settings withScale(Scale newScale) {
        return new Settings(
                root,
                resultsDir,
                baselinesDir,
                updateBaseline,
                failOnRegression,
                regressionThresholdPercent,
                newScale,
                target,
                externalGrpc,
                externalHttp,
                progress,
                sampleInterval,
                inconclusive,
                baselineRuns,
                compareWith,
                comparePairs,
                compareSeed,
                shard,
                startAt,
                startGap,
                history,
                historyUrl,
                livePort,
                channelThreads);
    }

    /** The same settings writing results to {@code dir}. */
    public Settings withResultsDir(Path dir) {
        return new Settings(
                root,
                dir.toAbsolutePath().normalize(),
                baselinesDir,
                updateBaseline,
                failOnRegression,
                regressionThresholdPercent,
                scale,
                target,
                externalGrpc,
                externalHttp,
                progress,
                sampleInterval,
                inconclusive,
                baselineRuns,
                compareWith,
                comparePairs,
                compareSeed,
                shard,
                startAt,
                startGap,
                history,
                historyUrl,
                livePort,
                channelThreads);
    }

    /** Collects every bad value instead of stopping at the first. */
    private static final class Reader {
        private final Function<String, String> properties;
        private final Map<String, String> env;
        private final List<String> errors = new ArrayList<>();

        Reader(Function<String, String> properties, Map<String, String> env) {
            this.properties = properties;
            this.env = env;
        }

        String raw(String key) {
            String v = properties.apply(key);
            if (v == null) {
                v = env.get(envName(key));
            }
            return v == null || v.isBlank() ? null : v.trim();
        }

        Path path(String key, Path fallback) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                errors.add(key + "=" + v + ": expected a directory path (" + e.getReason() + ")");
                return fallback;
            }
        }

        boolean bool(String key, boolean fallback) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            errors.add(key + "=" + v + ": expected true | false");
            return fallback;
        }

        Double percent(String key) {
            String v = raw(key);
            if (v == null) {
                return null;
            }
            String number = v.endsWith("%") ? v.substring(0, v.length() - 1).trim() : v;
            try {
                double d = Double.parseDouble(number);
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            errors.add(key + "=" + v + ": expected a percentage above 0, such as 50 or 50%");
            return null;
        }

        Long seed(String key) {
            String v = raw(key);
            if (v == null) {
                return null;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                errors.add(key + "=" + v + ": expected a whole number (the seed a run printed, to repeat its order)");
                return null;
            }
        }

        /** {@code loadtest.shard=i/n}, else {@code JOB_COMPLETION_INDEX} with {@code loadtest.shards=n}. */
        Shard shard(Map<String, String> environment) {
            String v = raw(SHARD);
            if (v != null) {
                try {
                    return Shard.parse(v);
                } catch (IllegalArgumentException e) {
                    errors.add(SHARD + "=" + v + ": " + e.getMessage());
                    return null;
                }
            }
            String shards = raw(SHARDS);
            if (shards == null) {
                // An Indexed Job that is not a sharded load run also sets the index: it means nothing alone.
                return null;
            }
            int n = count(SHARDS, 1, Shard.MAX_COUNT);
            String index = environment.get(JOB_COMPLETION_INDEX);
            if (index == null || index.isBlank()) {
                errors.add(SHARDS + "=" + shards + " needs the shard index: set " + SHARD + "=i/" + n
                        + " or run in a Kubernetes Indexed Job (which sets " + JOB_COMPLETION_INDEX + ")");
                return null;
            }
            try {
                return new Shard(Integer.parseInt(index.trim()), n);
            } catch (IllegalArgumentException e) {
                errors.add(JOB_COMPLETION_INDEX + "=" + index + " with " + SHARDS + "=" + n
                        + ": expected an index from 0 to " + (n - 1) + " (set the Job's completions to " + SHARDS
                        + ")");
                return null;
            }
        }

        /**
         * {@code loadtest.live}: a port (0 = any free one), also as {@code 127.0.0.1:port} or
         * {@code localhost:port}; {@code off} = none. Any other host is refused: the live view shows
         * what the run measures and has no authentication, so it never listens beyond loopback.
         */
        Integer livePort() {
            String v = raw(LIVE);
            if (v == null || v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")) {
                return null;
            }
            String port = v;
            int colon = v.lastIndexOf(':');
            if (colon >= 0) {
                String host = v.substring(0, colon).trim();
                if (!host.equals("127.0.0.1") && !host.equalsIgnoreCase("localhost")) {
                    errors.add(LIVE + "=" + v + ": the live view listens on loopback (127.0.0.1) only, never on "
                            + (host.isEmpty() ? "every interface" : host) + ": give the port alone, e.g. " + LIVE
                            + "=8080 (0 = any free port), and reach it from another machine through an SSH tunnel");
                    return null;
                }
                port = v.substring(colon + 1).trim();
            }
            try {
                int p = Integer.parseInt(port);
                if (p >= 0 && p <= 65_535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            errors.add(LIVE + "=" + v + ": expected a port from 0 to 65535 for the live view on 127.0.0.1"
                    + " (0 = any free port, off = none)");
            return null;
        }

        /** Epoch milliseconds or an ISO-8601 instant ({@code 2026-12-06T03:00:00Z}). */
        Instant instant(String key) {
            String v = raw(key);
            if (v == null) {
                return null;
            }
            try {
                return v.chars().allMatch(Character::isDigit)
                        ? Instant.ofEpochMilli(Long.parseLong(v))
                        : Instant.parse(v);
            } catch (NumberFormatException | DateTimeParseException e) {
                errors.add(key + "=" + v + ": expected epoch milliseconds (1796526000000) or an ISO instant"
                        + " (2026-12-06T03:00:00Z)");
                return null;
            }
        }

        int count(String key, int fallback, int max) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 1 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            errors.add(key + "=" + v + ": expected a whole number from 1 to " + max);
            return fallback;
        }

        <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            StringBuilder accepted = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                accepted.append(accepted.length() == 0 ? "" : " | ")
                        .append(e.name().toLowerCase(Locale.ROOT));
            }
            errors.add(key + "=" + v + ": expected " + accepted);
            return fallback;
        }

        URI uri(String key, String defaultScheme) {
            String v = raw(key);
            if (v == null) {
                return null;
            }
            String text = v.contains("://") ? v : defaultScheme + "://" + v;
            try {
                URI uri = new URI(text);
                boolean schemeOk = defaultScheme.equals("grpc")
                        ? "grpc".equals(uri.getScheme())
                        : "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                if (schemeOk && uri.getHost() != null && uri.getPort() > 0) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            errors.add(key + "=" + v + ": expected "
                    + (defaultScheme.equals("grpc")
                            ? "host:port or grpc://host:port"
                            : "http://host:port or https://host:port"));
            return null;
        }

        Duration duration(String key, Duration fallback) {
            String v = raw(key);
            if (v == null) {
                return fallback;
            }
            try {
                Duration d = Durations.parse(v);
                if (!d.isZero()) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            errors.add(key + "=" + v + ": expected " + Durations.EXPECTED + ", above 0");
            return fallback;
        }
    }
}
