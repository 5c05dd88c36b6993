package dev.speechload.sse;

import java.util.Objects;

/**
 * How one stream ended, with what it delivered. Immutable. Times are {@link System#nanoTime()}
 * intervals measured from the request start (before the request was written), not from the
 * response headers.
 *
 * @param kind                 null when the stream ended normally (its end event, or end of
 *                             file when no end event is configured), else why it did not
 * @param errorCode            the stable code counted by the engine: null when ok; a kind name
 *                             ({@code STALL}...), {@code HTTP_<status>} or
 *                             {@code HTTP_<status>_<server code>}, or the server's code from a
 *                             failure event
 * @param message              what happened, for people; null when ok
 * @param httpStatus           the status of the (last) response, or -1 when none arrived
 * @param events               counted events (the scenario's predicate), &gt;= 0
 * @param bytes                body bytes read over all attempts, &gt;= 0
 * @param timeToFirstEventNanos request start to the first counted event, or -1 when none
 * @param durationNanos        request start to the end of the stream (end event, failure or cut), &gt;= 0
 * @param lastEventNanos       request start to the last counted event, or -1 when none
 * @param audioSamples         audio samples carried by the events, &gt;= 0 (0 when not measured)
 * @param audioMillis          audio carried by the events, in milliseconds, &gt;= 0
 * @param reconnects           reconnections made with {@code Last-Event-ID}, &gt;= 0
 * @param lastEventId          the stream's last event id, or null when no event had one
 */
public record StreamOutcome(
        SseErrorKind kind,
        String errorCode,
        String message,
        int httpStatus,
        long events,
        long bytes,
        long timeToFirstEventNanos,
        long durationNanos,
        long lastEventNanos,
        long audioSamples,
        double audioMillis,
        int reconnects,
        String lastEventId) {

    public StreamOutcome {
        if (kind != null) {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(message, "message");
        }
        if (events < 0 || bytes < 0 || durationNanos < 0 || audioSamples < 0 || audioMillis < 0 || reconnects < 0) {
            throw new IllegalArgumentException("counts and durations must be >= 0: events=" + events + ", bytes="
                    + bytes + ", durationNanos=" + durationNanos + ", audioSamples=" + audioSamples
                    + ", audioMillis=" + audioMillis + ", reconnects=" + reconnects);
        }
    }

    /** True when the stream ended normally. */
    public boolean ok() {
        return kind == null;
    }

    /** True when an interrupt cut the stream (the end of a run; not an error). */
    public boolean cut() {
        return kind == SseErrorKind.RUN_ENDED;
    }

    /**
     * This client's delivery rate: counted events per second of stream time (request start to
     * end); 0 when no event arrived or no time passed.
     */
    public double eventsPerSecond() {
        return events == 0 || durationNanos == 0 ? 0.0 : events * 1e9 / durationNanos;
    }

    /**
     * Audio seconds produced per wall second (request start to end of stream): 1.0 is real time,
     * 4.0 four times faster than real time; 0 when the events carried no audio.
     */
    public double realTimeFactor() {
        return audioMillis == 0 || durationNanos == 0 ? 0.0 : audioMillis * 1e6 / durationNanos;
    }

    @Override
    public String toString() {
        String head = ok() ? "ok" : errorCode + " (" + message + ")";
        return "StreamOutcome[" + head + ", status " + httpStatus + ", " + events + " events, " + bytes
                + " bytes, ttfe " + (timeToFirstEventNanos < 0 ? "-" : timeToFirstEventNanos / 1_000_000 + " ms")
                + ", " + durationNanos / 1_000_000 + " ms, " + reconnects + " reconnects]";
    }
}
