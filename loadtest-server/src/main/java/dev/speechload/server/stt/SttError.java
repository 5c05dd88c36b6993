package dev.speechload.server.stt;

import com.google.protobuf.Any;
import dev.speechload.proto.stt.v1.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The stable STT error codes (ERR2xxx) and their gRPC status. A code never changes meaning;
 * new failures get new codes. ERR1xxx belong to TTS.
 */
public enum SttError {
    /** Bad or missing config, audio before config, malformed audio. */
    BAD_CONFIG("ERR2001", Status.Code.INVALID_ARGUMENT),
    /** The server already holds {@code --max-sessions} sessions. */
    TOO_MANY_SESSIONS("ERR2002", Status.Code.RESOURCE_EXHAUSTED),
    /** The stream sent audio faster than {@code --rate-limit-factor} x real time. */
    RATE_LIMITED("ERR2003", Status.Code.RESOURCE_EXHAUSTED),
    /** No message from the client for {@code --session-timeout}. */
    SESSION_TIMEOUT("ERR2004", Status.Code.DEADLINE_EXCEEDED),
    /** The server is shutting down: new streams are refused, open ones closed after the grace. */
    SHUTTING_DOWN("ERR2005", Status.Code.UNAVAILABLE),
    /** An unexpected server failure. */
    INTERNAL("ERR2099", Status.Code.INTERNAL);

    /** Trailer that carries the stable code, e.g. {@code speechload-error-code: ERR2003}. */
    public static final Metadata.Key<String> CODE_TRAILER =
            Metadata.Key.of("speechload-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private final String code;
    private final Status.Code status;

    SttError(String code, Status.Code status) {
        this.code = code;
        this.status = status;
    }

    /** The stable code, e.g. {@code "ERR2003"}. */
    public String code() {
        return code;
    }

    /** The gRPC status code sent with it. */
    public Status.Code status() {
        return status;
    }

    /**
     * The exception to pass to {@code onError}: status, message prefixed with the code, the
     * code trailer, and an {@link ErrorDetail} in {@code grpc-status-details-bin}.
     */
    public StatusRuntimeException toException(String message) {
        String text = code + ": " + message;
        com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
                .setCode(status.value())
                .setMessage(text)
                .addDetails(Any.pack(ErrorDetail.newBuilder()
                        .setCode(code)
                        .setMessage(message)
                        .build()))
                .build();
        Metadata trailers = new Metadata();
        trailers.put(CODE_TRAILER, code);
        return StatusProto.toStatusRuntimeException(details, trailers);
    }
}
