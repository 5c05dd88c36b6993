package dev.speechload.grpc;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where per-session logs go: to standard output (at most {@code maxStdout} sessions, so a big run
 * does not flood the console) and/or all of them to a file, in one {@link SessionLogFormat}.
 * Immutable: every {@code with...} returns a new value. Writing happens on a background thread fed
 * by a queue, never on the threads that run sessions.
 *
 * @param format    how sessions are written; JSONL by default
 * @param file      where every session is written (replaced at set-up); null for none
 * @param maxStdout how many sessions to print to {@code stdout}; 0 for none
 * @param stdout    the console stream; {@link System#out} by default
 * @param title     the Markdown title; the scenario's name by default (null = that default)
 */
public record SessionLogging(SessionLogFormat format, Path file, int maxStdout, PrintStream stdout, String title) {

    public SessionLogging {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(stdout, "stdout");
        if (maxStdout < 0) {
            throw new IllegalArgumentException("maxStdout must be >= 0, was " + maxStdout);
        }
    }

    /** No session logs (the default of every scenario). */
    public static SessionLogging none() {
        return new SessionLogging(SessionLogFormat.JSONL, null, 0, System.out, null);
    }

    /** Every session to {@code file}, as JSONL unless {@link #withFormat} says otherwise. */
    public static SessionLogging toFile(Path file) {
        return none().withFile(file);
    }

    /** The first {@code maxSessions} sessions to standard output. */
    public static SessionLogging toStdout(int maxSessions) {
        return none().withStdout(maxSessions);
    }

    public SessionLogging withFormat(SessionLogFormat newFormat) {
        return new SessionLogging(newFormat, file, maxStdout, stdout, title);
    }

    public SessionLogging withFile(Path newFile) {
        return new SessionLogging(format, Objects.requireNonNull(newFile, "file"), maxStdout, stdout, title);
    }

    /** Prints at most {@code maxSessions} sessions to the console (0 = none). */
    public SessionLogging withStdout(int maxSessions) {
        return new SessionLogging(format, file, maxSessions, stdout, title);
    }

    /** Prints to {@code stream} instead of {@link System#out} (tests, custom consoles). */
    public SessionLogging withStdoutStream(PrintStream stream) {
        return new SessionLogging(format, file, maxStdout, stream, title);
    }

    public SessionLogging withTitle(String newTitle) {
        return new SessionLogging(format, file, maxStdout, stdout, newTitle);
    }

    /** True when sessions go anywhere. */
    public boolean enabled() {
        return file != null || maxStdout > 0;
    }
}
