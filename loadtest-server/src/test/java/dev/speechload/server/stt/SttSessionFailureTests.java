package dev.speechload.server.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.server.fault.FaultSettings;
import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.Poll;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side failures that gRPC would otherwise turn into an unlogged UNKNOWN status, or into a
 * call that never ends: each must reach the client as a status with a stable code, and free the
 * session's slot and buffered audio. Runs sessions against a fake response stream, no network.
 */
class SttSessionFailureTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SttSettings settings =
            new SttSettings(1, 1 << 20, 8, 4, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), 0, 500);
    private final DecodePool pool = new DecodePool(1, settings.maxPendingDecodes());
    private final AudioBudget budget = new AudioBudget(settings.maxBufferBytes());
    private final SessionRegistry registry =
            new SessionRegistry(settings.maxSessions(), settings.sessionTimeout(), budget::unstick);
    private final SttContext ctx = new SttContext(
            settings, pool, budget, registry, new SyntheticEngine(0), new ServerMetrics(), Faults.none());

    @AfterEach
    void stop() {
        registry.close();
        pool.close();
    }

    @Test
    void endsTheCallWithInternalWhenSendingTheFinalFailsForAnotherReasonThanACancel() throws Exception {
        FakeResponses responses = FakeResponses.failingSends(false);
        SttSession session = open(responses);

        session.onNext(config());
        session.onNext(lastAudio());

        Status status = Status.fromThrowable(responses.error.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getDescription()).isEqualTo("ERR2099: sending a result failed: " + "IllegalStateException");
        assertThat(Status.trailersFromThrowable(responses.error.get()).get(SttError.CODE_TRAILER))
                .isEqualTo("ERR2099");
        assertThat(registry.active()).isZero();
        assertThat(budget.bufferedBytes()).isZero();
    }

    @Test
    void endsTheCallQuietlyWhenTheClientCancelledBeforeTheFinalWentOut() throws Exception {
        FakeResponses responses = FakeResponses.failingSends(true);
        SttSession session = open(responses);

        session.onNext(config());
        session.onNext(lastAudio());

        Poll.until(PATIENCE, "the cancelled session to leave the registry", () -> registry.active() == 0);
        assertThat(responses.sendAttempts.get()).isEqualTo(1);
        assertThat(responses.error).as("no status for a client that is gone").isNotDone();
        assertThat(budget.bufferedBytes()).isZero();
    }

    @Test
    void endsTheCallWithShuttingDownWhenTheDecodePoolIsClosed() throws Exception {
        FakeResponses responses = FakeResponses.failingSends(false);
        SttSession session = open(responses);
        session.onNext(config());
        pool.close();

        session.onNext(lastAudio());

        Status status = Status.fromThrowable(responses.error.getNow(null));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).isEqualTo("ERR2005: decode refused: server is stopping");
        assertThat(registry.active()).isZero();
        assertThat(budget.bufferedBytes()).isZero();
    }

    @Test
    void endsTheCallWithInternalAndFreesItsSlotWhenAdmittingTheStreamFails() throws Exception {
        FaultSettings crashOnSecond = new FaultSettings(0, 0, 0, 0, 0, 1, 1.0, 0);
        Faults faults = new Faults(crashOnSecond, status -> {
            throw new IllegalStateException("halt refused in a test");
        });
        try (SttService service = new SttService(settings, new ServerMetrics(), faults, () -> false)) {
            service.streamingRecognize(FakeResponses.failingSends(false));
            FakeResponses second = FakeResponses.failingSends(false);

            StreamObserver<StreamingRecognizeRequest> requests = service.streamingRecognize(second);

            Status status = Status.fromThrowable(second.error.getNow(null));
            assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(status.getDescription())
                    .isEqualTo("ERR2099: admitting the stream failed: IllegalStateException");
            assertThat(service.activeSessions())
                    .as("only the first stream holds a slot")
                    .isEqualTo(1);
            requests.onNext(config());
            assertThat(second.sendAttempts.get())
                    .as("the failed stream ignores what follows")
                    .isZero();
        }
    }

    private SttSession open(FakeResponses responses) {
        SttSession session = new SttSession(ctx, responses, Map.of(), 1);
        assertThat(registry.tryAdd(session)).isTrue();
        session.start();
        return session;
    }

    private static StreamingRecognizeRequest config() {
        return StreamingRecognizeRequest.newBuilder()
                .setConfig(
                        RecognitionConfig.newBuilder().setSampleRateHz(16_000).setLanguage("en-US"))
                .build();
    }

    private static StreamingRecognizeRequest lastAudio() {
        return StreamingRecognizeRequest.newBuilder()
                .setAudio(AudioChunk.newBuilder()
                        .setPcm16(ByteString.copyFrom(Pcm.speechLike(16_000, 300)))
                        .setLast(true))
                .build();
    }
}
