package dev.speechload.grpc;

/**
 * Error codes the driver itself gives a failed session, beside the server's stable codes (read
 * from the {@code speechload-error-code} trailer or an {@code ErrorDetail}) and gRPC status names
 * such as {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED}.
 */
public final class StreamErrors {

    /** The server ended the stream normally (status OK) before sending the final result. */
    public static final String EARLY_CLOSE = "EARLY_CLOSE";
    /**
     * A response broke the contract: no result, audio_end_ms before audio_start_ms, audio the
     * client had not yet sent, a sequence number that did not increase, or a response after the
     * final result.
     */
    public static final String MALFORMED_RESPONSE = "MALFORMED_RESPONSE";
    /** No final result (or no end of stream) within the final timeout, or the session timeout passed. */
    public static final String TIMEOUT = "TIMEOUT";
    /** Writing a request failed on the client (the call was already closed by the transport). */
    public static final String SEND_FAILED = "SEND_FAILED";
    /**
     * The engine cut the session: it was still running when the run's grace period after the
     * deadline ended, and its channel was interrupted. Only in session logs: the engine counts
     * such sessions in its {@code iterations.cut} counter, not as failures (the server did nothing
     * wrong), and none of their measurements are recorded.
     */
    public static final String RUN_ENDED = "RUN_ENDED";
    /**
     * Starting the call failed on the client with an exception that is not a gRPC status (a bug
     * or misconfiguration on the load generator's side, e.g. a stream call that throws): nothing
     * reached the server. Logged at debug with the cause, and once per run at warn.
     */
    public static final String CLIENT_ERROR = "CLIENT_ERROR";
    /**
     * gRPC failed inside the client with a {@link LinkageError} ({@code NoClassDefFoundError},
     * {@code NoSuchMethodError}): io.grpc artifacts of different versions on the class path
     * (e.g. {@code grpc-core} 1.79 beside {@code grpc-netty-shaded} 1.85). Not the server's fault;
     * logged once per JVM at warn with the cure: one version for every io.grpc artifact
     * ({@code dev.speechload:speechload-bom}).
     */
    public static final String CLIENT_LINKAGE = "CLIENT_LINKAGE";

    private StreamErrors() {}
}
