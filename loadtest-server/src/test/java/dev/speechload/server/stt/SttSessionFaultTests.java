package dev.speechload.server.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import dev.speechload.server.fault.FaultSettings;
import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.RecordingFaultTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The latency-factor and chunk-CPU faults as a session applies them: what it asks the faults to
 * sleep and burn is recorded ({@link RecordingFaultTime}), so the tests check amounts and counts,
 * not wall-clock time. Sessions run against a fake response stream, no network.
 */
class SttSessionFaultTests {

    private static final int RATE_HZ = 16_000;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RecordingFaultTime time = RecordingFaultTime.sleeping();
    private DecodePool pool;
    private SessionRegistry registry;

    @AfterEach
    void stop() {
        registry.close();
        pool.close();
    }

    @Test
    void holdsTheResultBackForTheFactorMinusOneTimesItsOwnDecodeTime() throws Exception {
        // 400 ms of audio at 0.25 CPU seconds per audio second: the decode takes >= 100 ms.
        SttContext ctx = context(new FaultSettings(0, 0, 0, 0, 0, 0, 2.0, 0), 0.25);
        FakeResponses responses = run(ctx, false, 400, 400);

        RecognitionResult result = onlyResult(responses);
        assertThat(time.sleeps()).as("one stretch for the one result").hasSize(1);
        long stretchNanos = time.sleeps().get(0);
        assertThat(stretchNanos).as("(2.0 - 1) x a decode of at least 100 ms").isGreaterThanOrEqualTo(100_000_000L);
        // The result's inference time is the decode plus the stretch: with a factor of 2, at least
        // twice the stretch (less 1 us for rounding to microseconds).
        assertThat(result.getTiming().getInferenceUs() + 1)
                .as("the server's own processing time, as the client sees it, is doubled")
                .isGreaterThanOrEqualTo(2 * stretchNanos / 1_000);
    }

    @Test
    void holdsBackEveryInterimAndTheFinalResult() throws Exception {
        SttContext ctx = context(new FaultSettings(0, 0, 0, 0, 0, 0, 1.5, 0), 0.05);
        FakeResponses responses = run(ctx, true, 1_600, 100);

        List<RecognitionResult> results = responses.sent.stream()
                .map(StreamingRecognizeResponse::getResult)
                .toList();
        assertThat(results).filteredOn(RecognitionResult::getIsFinal).hasSize(1);
        assertThat(results).filteredOn(r -> !r.getIsFinal()).as("interims").isNotEmpty();
        assertThat(time.sleeps())
                .as("one stretch per result sent")
                .hasSize(results.size())
                .allSatisfy(nanos -> assertThat(nanos).isPositive());
    }

    @Test
    void burnsTheChunkCpuCostForEveryAudioChunkReceived() throws Exception {
        SttContext ctx = context(new FaultSettings(0, 0, 0, 0, 0, 0, 1.0, 250), 0);
        run(ctx, false, 1_200, 100);

        assertThat(time.burns())
                .as("12 chunks of 100 ms, 250 us each, the config costs nothing")
                .hasSize(12)
                .containsOnly(250_000L);
        assertThat(time.sleeps()).as("no latency fault is on").isEmpty();
    }

    private SttContext context(FaultSettings faults, double engineRtf) {
        SttSettings settings =
                new SttSettings(1, 1 << 20, 8, 4, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), engineRtf, 500);
        pool = new DecodePool(settings.decodePoolSize(), settings.maxPendingDecodes());
        AudioBudget budget = new AudioBudget(settings.maxBufferBytes());
        registry = new SessionRegistry(settings.maxSessions(), settings.sessionTimeout(), budget::unstick);
        return new SttContext(
                settings,
                pool,
                budget,
                registry,
                new SyntheticEngine(engineRtf),
                new ServerMetrics(),
                new Faults(
                        faults,
                        status -> {
                            throw new AssertionError("no crash fault here");
                        },
                        time));
    }

    /** Streams {@code audioMs} of speech in chunks of {@code chunkMs} and waits for the final. */
    private FakeResponses run(SttContext ctx, boolean partials, int audioMs, int chunkMs) throws Exception {
        FakeResponses responses = FakeResponses.recording();
        SttSession session = new SttSession(ctx, responses, Map.of(), 1);
        assertThat(ctx.registry().tryAdd(session)).isTrue();
        session.start();
        session.onNext(StreamingRecognizeRequest.newBuilder()
                .setConfig(RecognitionConfig.newBuilder()
                        .setSampleRateHz(RATE_HZ)
                        .setLanguage("en-US")
                        .setPartials(partials))
                .build());
        byte[] audio = Pcm.speechLike(RATE_HZ, audioMs);
        int chunkBytes = Pcm.bytes(RATE_HZ, chunkMs);
        for (int from = 0; from < audio.length; from += chunkBytes) {
            int to = Math.min(audio.length, from + chunkBytes);
            session.onNext(StreamingRecognizeRequest.newBuilder()
                    .setAudio(AudioChunk.newBuilder()
                            .setPcm16(ByteString.copyFrom(Arrays.copyOfRange(audio, from, to)))
                            .setLast(to == audio.length))
                    .build());
        }
        responses.completed.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        return responses;
    }

    private static RecognitionResult onlyResult(FakeResponses responses) {
        assertThat(responses.sent).hasSize(1);
        RecognitionResult result = responses.sent.get(0).getResult();
        assertThat(result.getIsFinal()).isTrue();
        return result;
    }
}
