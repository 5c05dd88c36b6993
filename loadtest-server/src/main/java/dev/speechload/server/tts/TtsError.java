package dev.speechload.server.tts;

/**
 * The endpoint's stable error codes and the HTTP status each one has when it is answered before
 * the stream starts. The codes are part of the wire contract; the messages are not.
 */
enum TtsError {
    /** The text is empty or whitespace only. */
    EMPTY_TEXT("ERR1001", 400),
    /** The text (or the request body) is over the configured limit. */
    TEXT_TOO_LONG("ERR1002", 413),
    /** The request is malformed: bad JSON, missing or mistyped field, bad voice, wrong method. */
    BAD_REQUEST("ERR1003", 400),
    /** One chunk was not generated within the chunk timeout (error event only). */
    CHUNK_TIMEOUT("ERR1004", 504),
    /** The server is shutting down: no new requests; open streams cut at the end of the grace. */
    SHUTTING_DOWN("ERR1005", 503),
    /** Synthesis failed (engine error, injected failure) or an internal error. */
    SYNTHESIS_FAILED("ERR1006", 500);

    private final String code;
    private final int httpStatus;

    TtsError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }
}
