package dev.speechload.grpc.internal;

import dev.speechload.grpc.SessionLogColumns;
import dev.speechload.grpc.SessionLogging;
import java.time.Clock;

/**
 * The session logs of one scenario instance, run after run: the first set-up replaces the file,
 * each later one (the next trial, the other side of an A/B comparison) adds to it, so no trial's
 * sessions are lost and the size cap holds for the whole file. Thread-safe; one per scenario
 * instance. Not API.
 */
public final class SessionLogChain {

    private SessionLogWriter last;

    /** Opens the log of the next run; the previous one must be closed (runs of one instance do not overlap). */
    public synchronized SessionLogWriter open(SessionLogging settings, String defaultTitle, Clock clock) {
        return open(settings, defaultTitle, SessionLogColumns.ALL, clock);
    }

    /** As {@link #open(SessionLogging, String, Clock)}, with the scenario's columns. */
    public synchronized SessionLogWriter open(
            SessionLogging settings, String defaultTitle, SessionLogColumns columns, Clock clock) {
        last = SessionLogWriter.open(settings, defaultTitle, columns, clock, last);
        return last;
    }
}
