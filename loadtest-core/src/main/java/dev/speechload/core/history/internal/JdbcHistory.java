package dev.speechload.core.history.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryException;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.history.TrendPoint;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The history on any JDBC store that runs our migrations (H2 in PostgreSQL mode, PostgreSQL): the same
 * SQL on both. Thread-safe: each call opens its own connection and closes it, so an embedded file is
 * held only while a call runs. The schema is migrated once per URL per JVM (Flyway locks the schema
 * table, so JVMs migrating one PostgreSQL database at once take turns).
 */
public final class JdbcHistory implements History {

    private static final String MIGRATIONS = "classpath:dev/speechload/core/history/migration";
    private static final String SCHEMA_TABLE = "speechload_history_schema";
    private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();
    /** H2 refuses a file another JVM holds with this code; the holder lets go when its call ends. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private static final long LOCKED_RETRY_MILLIS = 15_000;
    private static final String UNIQUE_VIOLATION = "23505";

    private final String url;
    private final String description;

    /**
     * @param url         a JDBC URL (user and password, where needed, as URL parameters)
     * @param description the store in words, for messages
     */
    public JdbcHistory(String url, String description) {
        this.url = url;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public long append(RunResult result, Verdict verdict, String gitBranch) {
        String resultJson;
        String verdictJson;
        try {
            resultJson = Json.mapper().writeValueAsString(result);
            verdictJson = verdict == null ? null : Json.mapper().writeValueAsString(verdict);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the result of " + result.testName() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        return call("append " + result.testName() + " to", c -> {
            c.setAutoCommit(false);
            try {
                Optional<Long> existing = existing(c, result);
                if (existing.isPresent()) {
                    c.rollback();
                    return existing.get();
                }
                long id = insertRun(c, result, verdict, gitBranch, resultJson, verdictJson);
                insertFigures(c, id, RunFigures.of(result));
                c.commit();
                return id;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    // Another writer appended the same run in the meantime: it is there once.
                    return existing(c, result).orElseThrow(() -> e);
                }
                throw e;
            }
        });
    }

    /** A run appended before (the JUnit run, then {@code speechload compare} on its files) is kept once. */
    private static Optional<Long> existing(Connection c, RunResult r) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT id FROM history_run WHERE test_name = ? AND started_at_millis = ?")) {
            s.setString(1, r.testName());
            s.setLong(2, r.startedAtEpochMillis());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static long insertRun(
            Connection c, RunResult r, Verdict verdict, String branch, String resultJson, String verdictJson)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO history_run (test_name, started_at_millis,"
                        + " finished_at_millis, appended_at_millis, git_commit, git_branch, environment, health,"
                        + " health_reason, verdict, result_json, verdict_json, shards)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            EnvironmentInfo env = r.environment();
            s.setString(1, r.testName());
            s.setLong(2, r.startedAtEpochMillis());
            s.setLong(3, r.finishedAtEpochMillis());
            s.setLong(4, System.currentTimeMillis());
            s.setString(5, env == null ? null : env.gitCommit());
            s.setString(6, clip(branch, 300));
            s.setString(7, clip(environment(env), 1000));
            s.setString(8, r.health() == null ? null : r.health().status().name());
            s.setString(9, r.health() == null ? null : clip(r.health().reason(), 4000));
            s.setString(10, verdict == null ? null : verdict.overall().name());
            s.setString(11, resultJson);
            s.setString(12, verdictJson);
            s.setInt(
                    13,
                    r.sharding() != null && r.sharding().merged() ? r.sharding().count() : 1);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the store returned no id for the new run");
                }
                return keys.getLong(1);
            }
        }
    }

    private static void insertFigures(Connection c, long id, Map<String, Double> figures) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO history_figure (run_id, metric, figure_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Double> f : figures.entrySet()) {
                s.setLong(1, id);
                s.setString(2, clip(f.getKey(), 300));
                s.setDouble(3, f.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public List<HistoryRun> runs(String testName, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return call("read runs from", c -> {
            List<HistoryRun> runs = new ArrayList<>();
            String sql =
                    "SELECT id, test_name, started_at_millis, git_commit, git_branch, environment, health, verdict,"
                            + " shards FROM history_run" + (testName == null ? "" : " WHERE test_name = ?")
                            + " ORDER BY started_at_millis DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (testName != null) {
                    s.setString(1, testName);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new HistoryRun(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getLong(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                health(rs.getString(7)),
                                rs.getString(8),
                                rs.getInt(9),
                                Map.of()));
                    }
                }
            }
            List<HistoryRun> out = new ArrayList<>(runs.size());
            try (PreparedStatement s =
                    c.prepareStatement("SELECT metric, figure_value FROM history_figure WHERE run_id = ?")) {
                for (HistoryRun run : runs) {
                    Map<String, Double> figures = new HashMap<>();
                    s.setLong(1, run.id());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            figures.put(rs.getString(1), rs.getDouble(2));
                        }
                    }
                    out.add(new HistoryRun(
                            run.id(),
                            run.testName(),
                            run.startedAtEpochMillis(),
                            run.gitCommit(),
                            run.gitBranch(),
                            run.environment(),
                            run.health(),
                            run.verdict(),
                            run.shards(),
                            figures));
                }
            }
            return out;
        });
    }

    @Override
    public List<String> tests() {
        return call(
                "read test names from",
                c -> strings(c, "SELECT DISTINCT test_name FROM history_run ORDER BY test_name"));
    }

    @Override
    public List<String> metrics(String testName) {
        return call(
                "read figure names from",
                c -> strings(
                        c,
                        "SELECT DISTINCT f.metric FROM history_figure f"
                                + " JOIN history_run r ON r.id = f.run_id WHERE r.test_name = ? ORDER BY f.metric",
                        testName));
    }

    @Override
    public List<TrendPoint> trend(String testName, String metric) {
        return call("read the trend of " + testName + " " + metric + " from", c -> {
            List<TrendPoint> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.started_at_millis, r.git_commit, r.health,"
                    + " f.figure_value FROM history_run r JOIN history_figure f ON f.run_id = r.id"
                    + " WHERE r.test_name = ? AND f.metric = ? ORDER BY r.started_at_millis, r.id")) {
                s.setString(1, testName);
                s.setString(2, metric);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TrendPoint(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                health(rs.getString(4)),
                                rs.getDouble(5)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<RunResult> result(long runId) {
        String json = call("read run " + runId + " from", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT result_json FROM history_run WHERE id = ?")) {
                s.setLong(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(json, RunResult.class));
        } catch (JsonProcessingException e) {
            throw new HistoryException(
                    "run " + runId + " in the history (" + description + ") is not a readable result: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    private static List<String> strings(Connection c, String sql, String... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static HealthStatus health(String name) {
        if (name == null) {
            return null;
        }
        try {
            return HealthStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null; // a status a newer version wrote: shown as unrated rather than failing the read
        }
    }

    private static String environment(EnvironmentInfo env) {
        if (env == null) {
            return null;
        }
        return env.hostName() + ", " + env.availableProcessors() + " cores, Java " + env.javaVersion() + " ("
                + env.javaVendor() + "), " + env.osName() + " " + env.osVersion() + " " + env.osArch();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** One unit of work on its own connection. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(String what, Work<T> work) {
        try {
            migrate();
            try (Connection c = connect()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw new HistoryException("could not " + what + " the run history (" + description + "): " + cause(e), e);
        } catch (FlywayException e) {
            throw new HistoryException(
                    "could not " + what + " the run history (" + description
                            + "): its schema could not be created or upgraded: " + cause(e),
                    e);
        }
    }

    /** The innermost database message: Flyway's own wraps it in a banner meant for consoles. */
    private static String cause(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.toString() : message.strip();
    }

    private static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == H2_DATABASE_IN_USE) {
                return true;
            }
        }
        return false;
    }

    private void migrate() throws SQLException {
        if (MIGRATED.contains(url)) {
            return;
        }
        synchronized (MIGRATED) {
            if (MIGRATED.contains(url)) {
                return;
            }
            Flyway flyway = Flyway.configure(JdbcHistory.class.getClassLoader())
                    .dataSource(url, null, null)
                    .locations(MIGRATIONS)
                    .table(SCHEMA_TABLE)
                    // Through SLF4J like the rest of speechload (Flyway would pick java.util.logging on its own).
                    .loggers("slf4j")
                    .load();
            Backoff backoff = new Backoff();
            while (true) {
                try {
                    flyway.migrate();
                    break;
                } catch (FlywayException e) {
                    if (!inUse(e) || backoff.expired()) {
                        throw e;
                    }
                    backoff.pause();
                }
            }
            MIGRATED.add(url);
        }
    }

    private Connection connect() throws SQLException {
        Backoff backoff = new Backoff();
        while (true) {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                if (!inUse(e) || backoff.expired()) {
                    throw e;
                }
            }
            backoff.pause();
        }
    }

    /** Waits for another JVM to let go of an embedded file: short pauses, growing, for {@value #LOCKED_RETRY_MILLIS} ms. */
    private static final class Backoff {
        private final long deadline = System.nanoTime() + LOCKED_RETRY_MILLIS * 1_000_000;
        private long pauseMillis = 20;

        boolean expired() {
            return System.nanoTime() > deadline;
        }

        void pause() throws SQLException {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for another process to release the history", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }
}
