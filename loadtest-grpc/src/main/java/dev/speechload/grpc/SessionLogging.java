package dev.speechload.grpc;

import dev.speechload.core.io.internal.FileNames;
import dev.speechload.core.junit.LoadContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where per-session logs go: to standard output (at most {@code maxStdout} sessions, so a big run
 * does not flood the console) and/or all of them to a file, in one {@link SessionLogFormat}.
 * Immutable: every {@code with...} returns a new value. Writing happens on a background thread fed
 * by a queue, never on the threads that run sessions.
 *
 * <p>The file is replaced when a run sets the scenario up; later set-ups of the same scenario
 * instance (its next trials, both sides of an A/B comparison) add to it, so it holds every
 * trial's sessions in order ({@code started_at} tells them apart).
 *
 * @param format       how sessions are written; JSONL by default
 * @param file         where every session is written; null for none
 * @param maxStdout    how many sessions to print to {@code stdout}; 0 for none
 * @param stdout       the console stream; {@link System#out} by default
 * @param title        the Markdown title; the scenario's name by default (null = that default)
 * @param maxFileBytes the file's size cap in bytes, positive; {@link Long#MAX_VALUE} (the
 *                     default) for none. A session whose line would take the file past it is
 *                     not written: the file then gets one note saying the cap was reached
 *                     ({@link SessionLogFormat#capNote}) and no further sessions, and a warning
 *                     is logged. The note and the Markdown footer may go past the cap (by under
 *                     4 KiB).
 */
public record SessionLogging(
        SessionLogFormat format, Path file, int maxStdout, PrintStream stdout, String title, long maxFileBytes) {

    /** The cap of {@link #besideResult}: 16 MiB, about 35,000 sessions of JSONL. */
    public static final long RESULT_LOG_MAX_BYTES = 16L * 1024 * 1024;

    /** What {@link #besideResult} appends to the result's file name stem. */
    public static final String RESULT_LOG_SUFFIX = ".sessions.jsonl";

    public SessionLogging {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(stdout, "stdout");
        if (maxStdout < 0) {
            throw new IllegalArgumentException("maxStdout must be >= 0, was " + maxStdout);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxFileBytes must be positive (Long.MAX_VALUE for no cap), was " + maxFileBytes);
        }
    }

    /** No session logs (the default of every scenario). */
    public static SessionLogging none() {
        return new SessionLogging(SessionLogFormat.JSONL, null, 0, System.out, null, Long.MAX_VALUE);
    }

    /** Every session to {@code file}, as JSONL unless {@link #withFormat} says otherwise. */
    public static SessionLogging toFile(Path file) {
        return none().withFile(file);
    }

    /**
     * Every session of the test beside its result: {@code <resultsDir>/<test>.sessions.jsonl}
     * (next to {@code <test>.json}), JSONL, capped at {@link #RESULT_LOG_MAX_BYTES}.
     */
    public static SessionLogging besideResult(LoadContext load) {
        return besideResult(load.settings().resultsDir(), load.testName(), null);
    }

    /**
     * As {@link #besideResult(LoadContext)}, for a test that runs several scenarios at once:
     * {@code <resultsDir>/<test>.<part>.sessions.jsonl}.
     *
     * @param part names the scenario within the test, e.g. {@code long}; letters, digits, '.',
     *             '_' and '-' (anything else becomes '_')
     */
    public static SessionLogging besideResult(LoadContext load, String part) {
        return besideResult(load.settings().resultsDir(), load.testName(), Objects.requireNonNull(part, "part"));
    }

    /**
     * The file and cap of {@link #besideResult(LoadContext, String)} from a results directory and
     * a test name ({@code ClassSimpleName.method}), for runs outside the JUnit extension.
     *
     * @param part null for the test's only scenario
     */
    public static SessionLogging besideResult(Path resultsDir, String testName, String part) {
        Objects.requireNonNull(resultsDir, "resultsDir");
        String stem = FileNames.stem(part == null ? testName : testName + "." + part);
        return toFile(resultsDir.resolve(stem + RESULT_LOG_SUFFIX)).withMaxFileBytes(RESULT_LOG_MAX_BYTES);
    }

    /** The first {@code maxSessions} sessions to standard output. */
    public static SessionLogging toStdout(int maxSessions) {
        return none().withStdout(maxSessions);
    }

    public SessionLogging withFormat(SessionLogFormat newFormat) {
        return new SessionLogging(newFormat, file, maxStdout, stdout, title, maxFileBytes);
    }

    public SessionLogging withFile(Path newFile) {
        return new SessionLogging(
                format, Objects.requireNonNull(newFile, "file"), maxStdout, stdout, title, maxFileBytes);
    }

    /** Prints at most {@code maxSessions} sessions to the console (0 = none). */
    public SessionLogging withStdout(int maxSessions) {
        return new SessionLogging(format, file, maxSessions, stdout, title, maxFileBytes);
    }

    /** Prints to {@code stream} instead of {@link System#out} (tests, custom consoles). */
    public SessionLogging withStdoutStream(PrintStream stream) {
        return new SessionLogging(format, file, maxStdout, stream, title, maxFileBytes);
    }

    public SessionLogging withTitle(String newTitle) {
        return new SessionLogging(format, file, maxStdout, stdout, newTitle, maxFileBytes);
    }

    /**
     * Caps the file at {@code bytes} (see {@link #maxFileBytes()}).
     *
     * @throws IllegalArgumentException when {@code bytes} is not positive
     */
    public SessionLogging withMaxFileBytes(long bytes) {
        return new SessionLogging(format, file, maxStdout, stdout, title, bytes);
    }

    /** True when sessions go anywhere. */
    public boolean enabled() {
        return file != null || maxStdout > 0;
    }
}
