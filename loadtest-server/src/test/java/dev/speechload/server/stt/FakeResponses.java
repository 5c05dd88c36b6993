package dev.speechload.server.stt;

import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session's response stream without gRPC or a network: it records what the session sends, or
 * fails every send the way gRPC's stream does after a client's cancel or when a message cannot
 * be written. Thread-safe (the session sends from decode workers).
 */
final class FakeResponses extends ServerCallStreamObserver<StreamingRecognizeResponse> {

    /** What the session sent, in order. */
    final List<StreamingRecognizeResponse> sent = new CopyOnWriteArrayList<>();

    final AtomicInteger sendAttempts = new AtomicInteger();
    /** The status the session ended the call with, if it failed it. */
    final CompletableFuture<Throwable> error = new CompletableFuture<>();
    /** Done when the session completed the call normally. */
    final CompletableFuture<Void> completed = new CompletableFuture<>();

    private final boolean sendsFail;
    private final boolean cancelled;

    private FakeResponses(boolean sendsFail, boolean cancelled) {
        this.sendsFail = sendsFail;
        this.cancelled = cancelled;
    }

    /** A healthy stream: every send is recorded. */
    static FakeResponses recording() {
        return new FakeResponses(false, false);
    }

    /**
     * A stream whose every send fails: with CANCELLED when {@code cancelled} (the client went
     * away), else with an IllegalStateException (the message could not be written).
     */
    static FakeResponses failingSends(boolean cancelled) {
        return new FakeResponses(true, cancelled);
    }

    @Override
    public void onNext(StreamingRecognizeResponse value) {
        sendAttempts.incrementAndGet();
        if (sendsFail) {
            throw cancelled
                    ? Status.CANCELLED.withDescription("call already cancelled").asRuntimeException()
                    : new IllegalStateException("message could not be written");
        }
        sent.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error.complete(t);
    }

    @Override
    public void onCompleted() {
        completed.complete(null);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}
}
