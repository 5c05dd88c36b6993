package dev.speechload.server.testing;

import com.google.protobuf.ByteString;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A small test client for StreamingRecognize: streams audio, collects what comes back. */
public final class SttClient {

    private SttClient() {}

    /** A plaintext channel to 127.0.0.1:port. */
    public static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /**
     * How to stream.
     *
     * @param sampleRateHz config sample rate
     * @param audio PCM16 audio to send
     * @param chunkMillis audio per chunk
     * @param pause wall time between chunks (ZERO = as fast as possible)
     * @param partials config partials flag
     * @param sendConfig whether to send the config message first
     * @param finish how the stream ends: LAST_CHUNK, HALF_CLOSE, or HOLD_OPEN (neither)
     * @param headers request metadata
     */
    public record Request(
            int sampleRateHz,
            byte[] audio,
            int chunkMillis,
            Duration pause,
            boolean partials,
            boolean sendConfig,
            Finish finish,
            Map<String, String> headers) {

        public static Request of(byte[] audio) {
            return new Request(16_000, audio, 100, Duration.ZERO, true, true, Finish.LAST_CHUNK, Map.of());
        }

        public Request withPartials(boolean on) {
            return new Request(sampleRateHz, audio, chunkMillis, pause, on, sendConfig, finish, headers);
        }

        public Request withSampleRate(int hz) {
            return new Request(hz, audio, chunkMillis, pause, partials, sendConfig, finish, headers);
        }

        public Request withPause(Duration between) {
            return new Request(sampleRateHz, audio, chunkMillis, between, partials, sendConfig, finish, headers);
        }

        public Request withChunkMillis(int millis) {
            return new Request(sampleRateHz, audio, millis, pause, partials, sendConfig, finish, headers);
        }

        public Request withoutConfig() {
            return new Request(sampleRateHz, audio, chunkMillis, pause, partials, false, finish, headers);
        }

        public Request finishing(Finish how) {
            return new Request(sampleRateHz, audio, chunkMillis, pause, partials, sendConfig, how, headers);
        }

        public Request withHeaders(Map<String, String> more) {
            return new Request(sampleRateHz, audio, chunkMillis, pause, partials, sendConfig, finish, more);
        }
    }

    /** How a stream ends. */
    public enum Finish {
        LAST_CHUNK,
        HALF_CLOSE,
        HOLD_OPEN
    }

    /** A started call: the outcome completes when the server closes the stream. */
    public static final class Call {
        private final CompletableFuture<SttOutcome> outcome = new CompletableFuture<>();
        private final List<RecognitionResult> results = new CopyOnWriteArrayList<>();
        private volatile ClientCallStreamObserver<StreamingRecognizeRequest> requests;
        private volatile long lastSentNanos;
        private volatile long finalNanos;
        private volatile boolean closed;

        public CompletableFuture<SttOutcome> outcome() {
            return outcome;
        }

        /** Results so far. */
        public List<RecognitionResult> results() {
            return List.copyOf(results);
        }

        /** True once the server closed the stream. */
        public boolean isClosed() {
            return closed;
        }

        /** Sends more audio (when held open). */
        public synchronized void send(byte[] pcm, boolean last) {
            if (closed) {
                return;
            }
            requests.onNext(StreamingRecognizeRequest.newBuilder()
                    .setAudio(AudioChunk.newBuilder()
                            .setPcm16(ByteString.copyFrom(pcm))
                            .setLast(last))
                    .build());
            if (last) {
                lastSentNanos = System.nanoTime();
            }
        }

        /** Cancels the call from the client side. */
        public void cancel() {
            requests.cancel("test cancelled", null);
        }

        /** Waits for the outcome, failing after {@code timeout}. */
        public SttOutcome await(Duration timeout) {
            try {
                return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError(
                        "stream did not end within " + timeout + "; results so far: " + results.size(), e);
            }
        }
    }

    /** Starts a call and sends everything the request describes (blocking while pacing). */
    public static Call start(Channel channel, Request request) {
        Call call = new Call();
        Metadata headers = new Metadata();
        request.headers().forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        SpeechToTextGrpc.SpeechToTextStub stub =
                SpeechToTextGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        stub.streamingRecognize(new ClientResponseObserver<StreamingRecognizeRequest, StreamingRecognizeResponse>() {
            private volatile Metadata trailers = new Metadata();

            @Override
            public void beforeStart(ClientCallStreamObserver<StreamingRecognizeRequest> stream) {
                call.requests = stream;
            }

            @Override
            public void onNext(StreamingRecognizeResponse response) {
                if (response.getResult().getIsFinal()) {
                    call.finalNanos = System.nanoTime();
                }
                call.results.add(response.getResult());
            }

            @Override
            public void onError(Throwable t) {
                call.closed = true;
                Status status = Status.fromThrowable(t);
                Metadata md = Status.trailersFromThrowable(t);
                call.outcome.complete(new SttOutcome(
                        List.copyOf(call.results),
                        status,
                        md == null ? new Metadata() : md,
                        call.lastSentNanos,
                        call.finalNanos));
            }

            @Override
            public void onCompleted() {
                call.closed = true;
                call.outcome.complete(new SttOutcome(
                        List.copyOf(call.results), Status.OK, trailers, call.lastSentNanos, call.finalNanos));
            }
        });
        synchronized (call) {
            if (request.sendConfig()) {
                call.requests.onNext(StreamingRecognizeRequest.newBuilder()
                        .setConfig(RecognitionConfig.newBuilder()
                                .setSampleRateHz(request.sampleRateHz())
                                .setLanguage("en-US")
                                .setPartials(request.partials()))
                        .build());
            }
        }
        int chunkBytes = Pcm.bytes(request.sampleRateHz(), request.chunkMillis());
        byte[] audio = request.audio();
        for (int offset = 0; offset < audio.length && !call.closed; offset += chunkBytes) {
            int end = Math.min(audio.length, offset + chunkBytes);
            byte[] chunk = java.util.Arrays.copyOfRange(audio, offset, end);
            boolean last = end == audio.length && request.finish() == Finish.LAST_CHUNK;
            call.send(chunk, last);
            if (!request.pause().isZero()) {
                sleep(request.pause());
            }
        }
        if (audio.length == 0 && request.finish() == Finish.LAST_CHUNK) {
            call.send(new byte[0], true);
        }
        synchronized (call) {
            if (request.finish() == Finish.HALF_CLOSE && !call.closed) {
                call.lastSentNanos = System.nanoTime();
                call.requests.onCompleted();
            }
        }
        return call;
    }

    /** Streams and waits for the end (up to 30 s). */
    public static SttOutcome recognize(Channel channel, Request request) {
        return start(channel, request).await(Duration.ofSeconds(30));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
