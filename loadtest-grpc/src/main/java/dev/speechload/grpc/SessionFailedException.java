package dev.speechload.grpc;

/**
 * How a gRPC scenario's asynchronous iteration ({@code start(iteration)}) ends when its session or
 * call failed: the stage completes exceptionally with this, after the scenario has called
 * {@link dev.speechload.core.engine.Iteration#fail(String)} with the same {@link #code()}. The
 * blocking {@code run(iteration)} keeps returning normally for such a session, as it always did
 * (the failure is in the iteration). Carries no stack trace: thousands of sessions may fail.
 */
public final class SessionFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final SessionStage stage;

    /**
     * @param code  the error code the iteration failed with (server code, gRPC status name or a
     *              {@link StreamErrors} kind); never null
     * @param stage where a stream was when it failed; null for calls that have no stages
     */
    public SessionFailedException(String code, SessionStage stage) {
        super(
                stage == null ? "failed with " + code : "failed with " + code + " at the " + stage.label() + " stage",
                null,
                false,
                false);
        this.code = code;
        this.stage = stage;
    }

    /** The error code the iteration failed with, e.g. ERR2003, UNAVAILABLE, TIMEOUT. */
    public String code() {
        return code;
    }

    /** Where the stream was when it failed; null for unary and other calls without stages. */
    public SessionStage stage() {
        return stage;
    }
}
