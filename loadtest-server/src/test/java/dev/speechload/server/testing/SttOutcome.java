package dev.speechload.server.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.speechload.proto.stt.v1.ErrorDetail;
import dev.speechload.proto.stt.v1.RecognitionResult;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Optional;

/**
 * What a client saw of one StreamingRecognize call.
 *
 * @param results every result, in arrival order
 * @param status the closing status
 * @param trailers the closing trailers (empty metadata on success without trailers)
 * @param lastChunkSentNanos when the last audio chunk (or half-close) was sent
 * @param finalReceivedNanos when the final result arrived, 0 if none
 */
public record SttOutcome(
        List<RecognitionResult> results,
        Status status,
        Metadata trailers,
        long lastChunkSentNanos,
        long finalReceivedNanos) {

    private static final Metadata.Key<String> CODE =
            Metadata.Key.of("speechload-error-code", Metadata.ASCII_STRING_MARSHALLER);

    public List<RecognitionResult> interims() {
        return results.stream().filter(r -> !r.getIsFinal()).toList();
    }

    public List<RecognitionResult> finals() {
        return results.stream().filter(RecognitionResult::getIsFinal).toList();
    }

    /** The code trailer, null when absent. */
    public String codeTrailer() {
        return trailers == null ? null : trailers.get(CODE);
    }

    /** The ErrorDetail packed into the status details, if any. */
    public Optional<ErrorDetail> errorDetail() {
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        if (details == null) {
            return Optional.empty();
        }
        for (Any any : details.getDetailsList()) {
            if (any.is(ErrorDetail.class)) {
                try {
                    return Optional.of(any.unpack(ErrorDetail.class));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return Optional.empty();
    }

    /** Milliseconds from the last chunk to the final result. */
    public double finalLatencyMillis() {
        return (finalReceivedNanos - lastChunkSentNanos) / 1e6;
    }
}
