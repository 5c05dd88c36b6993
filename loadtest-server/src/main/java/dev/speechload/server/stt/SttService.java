package dev.speechload.server.stt;

import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The {@code SpeechToText} gRPC service. Admits a stream (not draining, below
 * {@code --max-sessions}), counts it as a request for the faults, and hands it to an
 * {@link SttSession}, which reads the stream with manual flow control (see {@link AudioBudget}). Owns the decode pool and the session registry; {@link #close()} stops
 * both. Thread-safe.
 */
public final class SttService extends SpeechToTextGrpc.SpeechToTextImplBase implements AutoCloseable {

    private final SttContext ctx;
    private final BooleanSupplier draining;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param settings checked STT settings
     * @param metrics where to count
     * @param faults faults to inject (use {@link Faults#none()} for none)
     * @param draining true once the server is shutting down: new streams get ERR2005
     */
    public SttService(SttSettings settings, ServerMetrics metrics, Faults faults, BooleanSupplier draining) {
        DecodePool pool = new DecodePool(settings.decodePoolSize(), settings.maxPendingDecodes());
        AudioBudget budget = new AudioBudget(settings.maxBufferBytes());
        SessionRegistry registry =
                new SessionRegistry(settings.maxSessions(), settings.sessionTimeout(), budget::unstick);
        this.ctx = new SttContext(
                settings,
                pool,
                budget,
                registry,
                new SyntheticEngine(settings.engineRealTimeFactor()),
                metrics,
                faults);
        this.draining = draining;
    }

    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
            StreamObserver<StreamingRecognizeResponse> responseObserver) {
        ServerCallStreamObserver<StreamingRecognizeResponse> call =
                (ServerCallStreamObserver<StreamingRecognizeResponse>) responseObserver;
        if (draining.getAsBoolean()) {
            return refuse(call, SttError.SHUTTING_DOWN, "server is shutting down");
        }
        SttSession session = new SttSession(ctx, call, MetadataAttributes.current(), ids.incrementAndGet());
        if (!ctx.registry().tryAdd(session)) {
            return refuse(
                    call,
                    SttError.TOO_MANY_SESSIONS,
                    "server already holds the maximum of " + ctx.registry().maxSessions() + " sessions");
        }
        try {
            session.start();
            ctx.metrics().sessionStarted();
            ctx.faults().onRequest();
        } catch (RuntimeException e) {
            // Thrown out of this method, it would reach the client as UNKNOWN, unlogged, and the
            // session would keep its slot in the registry forever.
            session.failInternally("admitting the stream", e);
        }
        return session;
    }

    private StreamObserver<StreamingRecognizeRequest> refuse(
            ServerCallStreamObserver<StreamingRecognizeResponse> call, SttError error, String message) {
        ctx.metrics().error(error.code());
        call.onError(error.toException(message));
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingRecognizeRequest ignored) {}

            @Override
            public void onError(Throwable ignored) {}

            @Override
            public void onCompleted() {}
        };
    }

    /** Open sessions. */
    public int activeSessions() {
        return ctx.registry().active();
    }

    /**
     * Audio bytes admitted and not yet consumed by a decode, all sessions together; stays below
     * {@code --max-buffer-bytes} plus about one chunk (see {@link AudioBudget}).
     */
    public long bufferBytes() {
        return ctx.budget().bufferedBytes();
    }

    /** Decodes queued for a worker or running: at most {@code --max-pending-decodes}. */
    public int pendingDecodes() {
        return ctx.pool().pending();
    }

    /** Ends every open session with {@code error}. */
    public void abortAll(SttError error, String message) {
        ctx.registry().abortAll(error, message);
    }

    /** Stops the idle sweeper and the decode workers. */
    @Override
    public void close() {
        ctx.registry().close();
        ctx.pool().close();
    }
}
