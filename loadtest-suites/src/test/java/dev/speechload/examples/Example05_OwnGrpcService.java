package dev.speechload.examples;

import static dev.speechload.Speechload.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Settings;
import dev.speechload.core.config.TargetKind;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.target.Target;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Example 5: load-testing your own bidirectional streaming gRPC service.
 *
 * <p>{@code grpcStream(call)} makes a {@link dev.speechload.grpc.GrpcStreamScenario GrpcStreamScenario},
 * which drives any bidirectional streaming method. You tell it four things;
 * it does the rest (pacing, timing, flow control, error codes, session logs), measured like the
 * STT preset of {@link Example02_SttStreaming}:
 * <ol>
 *   <li><b>How to start the call:</b> your generated stub's method, {@code (Channel channel) ->
 *       YourServiceGrpc.newStub(channel)::yourMethod}. (Name the lambda's parameter type: from
 *       {@code channel -> ...} Java cannot infer the request and response types.) The driver opens the plaintext channel to the
 *       target's {@code grpc} endpoint and passes the method an observer gRPC's stubs recognise,
 *       which gives flow control and cancellation.</li>
 *   <li><b>What to send and when:</b> a list of {@link dev.speechload.grpc.TimedRequest TimedRequest}s,
 *       each due at a time after the stream's start ({@code requestNow(message)},
 *       {@code requestAt(duration, message)}). For audio, {@code audioChunks(..)} cuts and times
 *       the chunks and marks the media each one completes; put your config request first yourself.</li>
 *   <li><b>Which response is final</b> ({@code forFinal}) and which others are interim
 *       ({@code forInterim}). A session succeeds when a final came and the server ended the stream
 *       with OK.</li>
 *   <li><b>What a response covers</b> ({@code withCoveredMedia}, in ms), so interim latency can be
 *       measured from the request that completed that media; optionally a validation (a problem
 *       fails the session as MALFORMED_RESPONSE) and the text for the session log.</li>
 * </ol>
 *
 * <p>Here "your service" is the reference server's {@code SpeechToText.StreamingRecognize}, driven
 * through its generated stub exactly as you would drive your own; only the message builders
 * would change. Metric names take your prefix: {@code recognize.final_latency},
 * {@code recognize.interim_latency}, {@code recognize.sessions_ok}, ...
 */
class Example05_OwnGrpcService {

    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER ? referenceServerContainer() : referenceServer();
    }

    @LoadTest(channels = 20, warmupIterations = 1, duration = "30s")
    @Smoke(channels = 3, duration = "5s")
    void everyStreamEndsWithAFinalResponse(LoadContext load) throws Exception {
        // One session's requests: the config, then 1 s of audio in 100 ms chunks at 2 x real time,
        // the last chunk marked last. Built once; every session sends the same messages.
        var audio = whiteNoise(Duration.ofSeconds(1), 16_000, 11);
        var config = requestNow(StreamingRecognizeRequest.newBuilder()
                .setConfig(RecognitionConfig.newBuilder()
                        .setSampleRateHz(audio.sampleRateHz())
                        .setLanguage("en-US")
                        .setPartials(true))
                .build());
        var chunks = audioChunks(
                audio,
                Duration.ofMillis(100),
                2.0,
                (pcm16, index, last) -> StreamingRecognizeRequest.newBuilder()
                        .setAudio(AudioChunk.newBuilder().setPcm16(pcm16).setLast(last))
                        .build());
        var session = Stream.concat(Stream.of(config), chunks.stream()).toList();

        var recognize = grpcStream((Channel channel) -> SpeechToTextGrpc.newStub(channel)::streamingRecognize)
                .withRequests(session)
                .forFinal(response -> response.getResult().getIsFinal())
                .forInterim(response -> !response.getResult().getIsFinal())
                .withCoveredMedia(response -> response.getResult().getAudioEndMs())
                .withValidation(response -> response.getResult().getAudioEndMs()
                                < response.getResult().getAudioStartMs()
                        ? "audio_end_ms before audio_start_ms"
                        : null)
                .withText(response -> response.getResult().getTranscript())
                .withRealtime(true) // honour each request's time (default: as fast as possible)
                .withOptions(grpcOptions().withFinalTimeout(Duration.ofSeconds(10)))
                .withMetricPrefix("recognize")
                .withSessionLogging(sessionLogToStdout(3)); // the first 3 sessions, one JSON line each

        var result = load.run(recognize);

        long sessions = result.throughput().completedIterations();
        assertThat(sessions).as("measured streams").isPositive();
        assertThat(result.errors().byCode()).as("failed streams by error code").isEmpty();
        assertThat(result.counters().get("recognize.sessions_ok").total())
                .as("streams with a final response")
                .isEqualTo(sessions);
        assertThat(result.latency("recognize.final_latency").count())
                .as("final latencies")
                .isEqualTo(sessions);
        assertThat(result.latency("recognize.interim_latency").count())
                .as("interim latencies")
                .isPositive();
        assertThat(result.latency(TIME_TO_FIRST_EVENT).count())
                .as("first responses")
                .isEqualTo(sessions);
    }
}
