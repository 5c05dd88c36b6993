package dev.speechload.sse;

/**
 * Why a stream failed (or was cut). Each kind but {@link #HTTP} and {@link #SERVER_ERROR} is also
 * the error code counted by the engine; see {@link StreamOutcome#errorCode()}.
 */
public enum SseErrorKind {
    /** A non-2xx status before the stream started: code {@code HTTP_<status>}, plus {@code _<server code>}
     *  when the body is JSON carrying one (e.g. {@code HTTP_413_ERR1002}). */
    HTTP,
    /** The server sent a failure event (TTS: {@code event: error}); the code is the server's (e.g. ERR1004). */
    SERVER_ERROR,
    /** No connection: refused, unknown host, or connect timeout. */
    CONNECT,
    /** The stream did not end within the stream timeout ({@code withStreamTimeout}, default 60 s). */
    TIMEOUT,
    /** The connection was reset or reached end of file before the end event. */
    RESET,
    /** Bad framing (invalid UTF-8), data the scenario could not parse, or event ids that did not
     *  continue after a reconnection. */
    MALFORMED,
    /** Nothing arrived (headers or body bytes) within the read timeout. */
    STALL,
    /** One event (or one line) went over the event size cap; the stream was abandoned without
     *  buffering the rest. */
    TOO_LARGE,
    /**
     * A 3xx answer: code {@code REDIRECT}, the message names the status and the Location. Not
     * followed unless the scenario asks ({@code SseOptions.withRedirects(true)}), and then only
     * within the target's own origin, keeping the method and body.
     */
    REDIRECT,
    /** A 2xx answer whose content type was not {@code text/event-stream}. */
    WRONG_CONTENT_TYPE,
    /**
     * The stream was cut while it ran: in the engine, it outlived the run's deadline plus the
     * grace period and the engine cancelled its stage; outside the engine, the thread waiting for
     * it was interrupted. Not an error: the server did nothing wrong. The driver records what the
     * stream saw but no completion, and the engine counts it in {@code iterations.cut};
     * {@link SseSession#stream} rethrows the interrupt.
     */
    RUN_ENDED
}
