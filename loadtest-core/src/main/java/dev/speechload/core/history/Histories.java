package dev.speechload.core.history;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.config.HistoryMode;
import dev.speechload.core.config.Settings;
import dev.speechload.core.history.internal.GitBranch;
import dev.speechload.core.history.internal.JdbcHistory;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run history {@link Settings} name and appends finished runs to it. Stateless.
 *
 * <p>Where it lives: {@code loadtest.history.url} when set (PostgreSQL for teams and CI, whose
 * JVMs may append at once), else an embedded H2 file at {@code <root>/.speechload/history.mv.db}: beside
 * {@code baselines/}, outside {@code results/} (which a fresh run or {@code mvn clean} may wipe), and
 * needing no server.
 */
public final class Histories {

    /** The directory under the root that holds the embedded history. */
    public static final String DEFAULT_DIR = ".speechload";

    private static final Logger LOG = LoggerFactory.getLogger(Histories.class);
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private Histories() {}

    /**
     * The history the settings name, whether or not {@code loadtest.history} is off (the CLI reads it either way).
     * Nothing is opened until the first call.
     *
     * @throws HistoryException when the embedded store's directory cannot be created
     */
    public static History open(Settings settings) {
        return settings.historyUrl() != null ? open(settings.historyUrl()) : embedded(settings.root());
    }

    /**
     * The embedded history of a root directory, {@link #embeddedFile(Path)}; its directory is created.
     *
     * @throws HistoryException when that directory cannot be created
     */
    public static History embedded(Path root) {
        Path dir = root.resolve(DEFAULT_DIR);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new HistoryException("could not create the run history's directory " + dir + ": " + e, e);
        }
        Path file = dir.resolve("history");
        return new JdbcHistory("jdbc:h2:file:" + file + H2_OPTIONS, "H2 file " + file + ".mv.db");
    }

    /** The file of the embedded history under a root: {@code <root>/.speechload/history.mv.db}. */
    public static Path embeddedFile(Path root) {
        return root.resolve(DEFAULT_DIR).resolve("history.mv.db");
    }

    /**
     * The history at a JDBC URL: {@code jdbc:postgresql://host:5432/db?user=..&password=..} or {@code jdbc:h2:...}
     * (H2 is put in PostgreSQL mode, so both run the same SQL).
     *
     * @throws IllegalArgumentException for a URL of another database
     */
    public static History open(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new JdbcHistory(jdbcUrl, "PostgreSQL " + withoutParameters(jdbcUrl));
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            String url = jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains(";MODE=") ? jdbcUrl : jdbcUrl + H2_OPTIONS;
            return new JdbcHistory(url, "H2 " + withoutParameters(jdbcUrl));
        }
        throw new IllegalArgumentException(Settings.HISTORY_URL + "=" + withoutParameters(jdbcUrl)
                + ": expected jdbc:postgresql://host:port/database or jdbc:h2:file:/path/history");
    }

    /**
     * Whether {@code result} belongs in the run history: not when the history is off, nor a partial
     * run, nor one shard's run (the merged result does, when {@code speechload compare} judges it).
     */
    public static boolean keeps(RunResult result, Settings settings) {
        return settings.history() != HistoryMode.OFF && result != null && !result.partial() && !isShard(result);
    }

    /**
     * Appends a finished run as {@code loadtest.history} says, after its result files were written. A history
     * that cannot be written is logged as a WARN naming the store and the cause; the run's files are untouched.
     * One shard's result ({@link #isShard}) is not appended: the merge of the shards is, when judged.
     *
     * @param verdict the run's verdict, or null when it was not judged
     * @return the failure the test must show ({@code loadtest.history=required}), else empty
     */
    public static Optional<HistoryException> append(RunResult result, Verdict verdict, Settings settings) {
        if (!keeps(result, settings)) {
            if (settings.history() != HistoryMode.OFF && result != null && !result.partial() && isShard(result)) {
                LOG.info(
                        "{} is shard {} of {}: not added to the run history (it holds part of the load); the merged"
                                + " result is, when speechload compare judges it",
                        result.testName(),
                        result.sharding().index(),
                        result.sharding().count());
            }
            return Optional.empty();
        }
        String store = settings.historyUrl() == null
                ? "the embedded run history under " + settings.root().resolve(DEFAULT_DIR)
                : "the run history at " + withoutParameters(settings.historyUrl());
        try {
            History history = open(settings);
            store = history.describe();
            history.append(result, verdict, gitBranch(settings.root()));
            return Optional.empty();
        } catch (HistoryException | IllegalArgumentException e) {
            HistoryException failure = e instanceof HistoryException h
                    ? h
                    : new HistoryException("could not open " + store + ": " + e.getMessage(), e);
            if (settings.history() == HistoryMode.REQUIRED) {
                return Optional.of(failure);
            }
            LOG.warn(
                    "{} was not added to the run history: {}. Its result files are written; set {}=off to keep no"
                            + " history, or {}=required to fail the test instead",
                    result.testName(),
                    failure.getMessage(),
                    Settings.HISTORY,
                    Settings.HISTORY);
            return Optional.empty();
        }
    }

    /**
     * Whether a result is one shard's of a split plan: it holds part of the load, so its figures would
     * read as a collapse of throughput next to whole runs. Only the merged result is kept.
     */
    public static boolean isShard(RunResult result) {
        return result.sharding() != null && !result.sharding().merged();
    }

    /** The branch of the working tree at {@code root}, from CI's variables or {@code .git/HEAD}; null when unknown. */
    public static String gitBranch(Path root) {
        return GitBranch.of(root, System.getenv());
    }

    /** A JDBC URL without its parameters, which may hold a password. */
    static String withoutParameters(String url) {
        int q = url.indexOf('?');
        int semi = url.indexOf(';');
        int cut = q < 0 ? semi : semi < 0 ? q : Math.min(q, semi);
        return cut < 0 ? url : url.substring(0, cut);
    }
}
