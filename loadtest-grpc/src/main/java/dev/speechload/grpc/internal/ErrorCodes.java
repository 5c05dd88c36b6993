package dev.speechload.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.speechload.grpc.StreamErrors;
import dev.speechload.proto.stt.v1.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Turns a stream's failure into a stable error code: the server's own code from the
 * {@code speechload-error-code} trailer, else from an {@link ErrorDetail} in the status details,
 * else the gRPC status name ({@code UNAVAILABLE}, {@code CANCELLED}, ...); a failure whose cause is a
 * {@link LinkageError} is the client's own ({@link StreamErrors#CLIENT_LINKAGE}). Stateless. Not API.
 */
public final class ErrorCodes {

    /** The trailer that carries the server's stable error code, e.g. ERR2003. */
    public static final Metadata.Key<String> ERROR_CODE_TRAILER =
            Metadata.Key.of("speechload-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private ErrorCodes() {}

    /** The code for {@code failure}; never null or blank. */
    public static String of(Throwable failure) {
        LinkageError linkage = linkageCause(failure);
        if (linkage != null) {
            GrpcVersionMix.warnOnce(linkage);
            return StreamErrors.CLIENT_LINKAGE;
        }
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        if (trailers != null) {
            String code = trailers.get(ERROR_CODE_TRAILER);
            if (code != null && !code.isBlank()) {
                return code.trim();
            }
            String detail = fromDetails(failure);
            if (detail != null) {
                return detail;
            }
        }
        return status.getCode().name();
    }

    /** The first {@link LinkageError} in the cause chain (gRPC wraps it in an INTERNAL status), or null. */
    private static LinkageError linkageCause(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof LinkageError linkage) {
                return linkage;
            }
        }
        return null;
    }

    private static String fromDetails(Throwable failure) {
        com.google.rpc.Status details;
        try {
            details = StatusProto.fromThrowable(failure);
        } catch (RuntimeException e) {
            // Details that do not parse as google.rpc.Status: fall back to the status name.
            return null;
        }
        if (details == null) {
            return null;
        }
        for (Any any : details.getDetailsList()) {
            if (any.is(ErrorDetail.class)) {
                try {
                    String code = any.unpack(ErrorDetail.class).getCode();
                    if (!code.isBlank()) {
                        return code.trim();
                    }
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
