package dev.speechload.core.history;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.result.RunResult;
import java.util.List;
import java.util.Optional;

/**
 * A store of judged runs, oldest to newest per test. Thread-safe; every call opens and closes its own
 * connection, so there is nothing to close. Several JVMs may append at once to a PostgreSQL history;
 * the embedded file is locked while one call uses it, and a call that finds it locked retries for a
 * few seconds before it gives up with a {@link HistoryException}.
 */
public interface History {

    /** Where the history lives, for messages: {@code "H2 file /repo/.speechload/history"}; never a password. */
    String describe();

    /**
     * Appends a finished run with its verdict and figures ({@link HistoryRun#figures()}); the whole result,
     * encoded histograms included, is kept.
     *
     * @param verdict   the run's verdict, or null when it was not judged (a baseline update)
     * @param gitBranch the branch the run came from, or null when unknown
     * @return the new run's id
     * @throws HistoryException when the store cannot be reached or written, naming it and the cause
     */
    long append(RunResult result, Verdict verdict, String gitBranch);

    /**
     * Runs, newest first.
     *
     * @param testName one test's runs, or null for every test's
     * @param limit    at most this many, &gt;= 1
     */
    List<HistoryRun> runs(String testName, int limit);

    /** The test names the history holds, sorted. */
    List<String> tests();

    /** The figure names a test's runs carry, sorted (see {@link HistoryRun#figures()}). */
    List<String> metrics(String testName);

    /** One figure of a test over its runs, oldest first; runs without that figure are left out. */
    List<TrendPoint> trend(String testName, String metric);

    /** A run's full result as it was appended, or empty when no run has that id. */
    Optional<RunResult> result(long runId);
}
