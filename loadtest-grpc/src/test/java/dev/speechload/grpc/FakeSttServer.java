package dev.speechload.grpc;

import com.google.protobuf.Any;
import dev.speechload.proto.stt.v1.DecodeTiming;
import dev.speechload.proto.stt.v1.ErrorDetail;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for the reference STT server, on 127.0.0.1 with an ephemeral port: an interim
 * result every {@code interimEveryMs} of audio (covering the audio up to {@code lagMs} behind what
 * it has received), a final result after the last chunk, ERR2003 when audio arrives faster than
 * {@code rateLimit} x real time, and optional misbehaviour for the failure tests.
 */
final class FakeSttServer implements AutoCloseable {

    enum Misbehaviour {
        NONE,
        EARLY_CLOSE,
        MALFORMED_FINAL,
        NO_FINAL,
        RESULT_AHEAD_OF_AUDIO
    }

    static final long INFERENCE_US = 7_000;
    static final long QUEUE_WAIT_US = 2_000;

    long interimEveryMs = 200;
    long lagMs = 0;
    double rateLimit = 0;
    boolean errorCodeInTrailer = true;
    Misbehaviour misbehaviour = Misbehaviour.NONE;
    final List<RecognitionConfig> configs = new CopyOnWriteArrayList<>();
    final List<Metadata> headers = new CopyOnWriteArrayList<>();
    /** Streams the client cancelled, as the server saw them (also after the client's half-close). */
    final AtomicInteger cancelled = new AtomicInteger();

    private final Server server;

    FakeSttServer() throws IOException {
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                    io.grpc.ServerCall<Q, R> call, Metadata h, io.grpc.ServerCallHandler<Q, R> next) {
                headers.add(h);
                return Contexts.interceptCall(io.grpc.Context.current(), call, h, next);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Service(), capture))
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    /** Kills the server as a crash would: open streams are cut. */
    void crash() {
        server.shutdownNow();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    private final class Service extends SpeechToTextGrpc.SpeechToTextImplBase {
        @Override
        public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
                StreamObserver<StreamingRecognizeResponse> out) {
            ((ServerCallStreamObserver<StreamingRecognizeResponse>) out).setOnCancelHandler(cancelled::incrementAndGet);
            return new Session(out);
        }
    }

    private final class Session implements StreamObserver<StreamingRecognizeRequest> {
        private final StreamObserver<StreamingRecognizeResponse> out;
        private int sampleRate;
        private long samples;
        private long nextInterimMs;
        private int sequence;
        private long firstAudioNanos = -1;
        private boolean ended;

        Session(StreamObserver<StreamingRecognizeResponse> out) {
            this.out = out;
        }

        @Override
        public synchronized void onNext(StreamingRecognizeRequest request) {
            if (ended) {
                return;
            }
            if (request.hasConfig()) {
                configs.add(request.getConfig());
                sampleRate = request.getConfig().getSampleRateHz();
                nextInterimMs = interimEveryMs;
                return;
            }
            if (firstAudioNanos < 0) {
                firstAudioNanos = System.nanoTime();
            }
            samples += request.getAudio().getPcm16().size() / 2;
            long receivedMs = samples * 1000 / sampleRate;
            if (misbehaviour == Misbehaviour.EARLY_CLOSE) {
                end();
                out.onCompleted();
                return;
            }
            long elapsedMs = (System.nanoTime() - firstAudioNanos) / 1_000_000;
            // A burst allowance of 300 ms of audio, then at most rateLimit x real time.
            if (rateLimit > 0 && receivedMs > 300 + rateLimit * elapsedMs) {
                end();
                Metadata trailers = new Metadata();
                if (errorCodeInTrailer) {
                    trailers.put(Metadata.Key.of("speechload-error-code", Metadata.ASCII_STRING_MARSHALLER), "ERR2003");
                    out.onError(Status.RESOURCE_EXHAUSTED
                            .withDescription("audio faster than real time")
                            .asRuntimeException(trailers));
                } else {
                    out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                            .setMessage("audio faster than real time")
                            .addDetails(Any.pack(ErrorDetail.newBuilder()
                                    .setCode("ERR2003")
                                    .setMessage("rate limit")
                                    .build()))
                            .build()));
                }
                return;
            }
            if (request.getAudio().getLast()) {
                if (misbehaviour == Misbehaviour.NO_FINAL) {
                    return;
                }
                boolean malformed = misbehaviour == Misbehaviour.MALFORMED_FINAL;
                out.onNext(result(true, malformed ? 500 : 0, malformed ? 100 : receivedMs));
                end();
                out.onCompleted();
                return;
            }
            while (receivedMs - lagMs >= nextInterimMs) {
                long covered = misbehaviour == Misbehaviour.RESULT_AHEAD_OF_AUDIO ? receivedMs + 5_000 : nextInterimMs;
                out.onNext(result(false, 0, covered));
                nextInterimMs += interimEveryMs;
            }
        }

        private void end() {
            ended = true;
        }

        private StreamingRecognizeResponse result(boolean last, long startMs, long endMs) {
            return StreamingRecognizeResponse.newBuilder()
                    .setResult(RecognitionResult.newBuilder()
                            .setIsFinal(last)
                            .setTranscript(last ? "hello, \"world\"" : "hel")
                            .setAudioStartMs(startMs)
                            .setAudioEndMs(endMs)
                            .setSequence(sequence++)
                            .setTiming(DecodeTiming.newBuilder()
                                    .setBufferWaitUs(1_000)
                                    .setQueueWaitUs(QUEUE_WAIT_US)
                                    .setInferenceUs(INFERENCE_US)
                                    .setResponseEmitUs(100)
                                    .setTotalUs(10_100)))
                    .build();
        }

        @Override
        public synchronized void onError(Throwable t) {
            ended = true;
        }

        @Override
        public synchronized void onCompleted() {
            // The client half-closed after its last chunk; the final (if any) is already out.
        }
    }
}
