package dev.speechload.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.grpc.StreamErrors;
import io.grpc.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ErrorCodes")
class ErrorCodesTests {

    @Test
    void namesALinkageErrorInsideGrpcAsTheClientsOwnFailure() {
        // What grpc-core 1.85 beside grpc-api 1.79 gives: gRPC wraps it in an INTERNAL status.
        Throwable mixed = Status.INTERNAL
                .withDescription("Panic! This is a bug!")
                .withCause(new NoClassDefFoundError("io/grpc/ChannelConfigurator"))
                .asRuntimeException();

        assertThat(ErrorCodes.of(mixed)).isEqualTo(StreamErrors.CLIENT_LINKAGE).isEqualTo("CLIENT_LINKAGE");
    }

    @Test
    void keepsTheStatusNameForOtherFailures() {
        assertThat(ErrorCodes.of(Status.INTERNAL
                        .withCause(new IllegalStateException("x"))
                        .asRuntimeException()))
                .isEqualTo("INTERNAL");
        assertThat(ErrorCodes.of(Status.UNAVAILABLE.asRuntimeException())).isEqualTo("UNAVAILABLE");
    }
}
