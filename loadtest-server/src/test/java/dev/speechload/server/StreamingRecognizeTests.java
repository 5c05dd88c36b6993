package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Finish;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StreamingRecognize over a real localhost port: results, timings, offsets, bad input. */
class StreamingRecognizeTests {

    private static TestServers.Running server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start("--partial-interval-ms", "500", "--engine-rtf", "0.02");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void streamsInterimResultsAndExactlyOneFinalWithTimingsAndOffsets() {
        SttOutcome outcome = SttClient.recognize(server.channel(), Request.of(Pcm.speechLike(16_000, 2_500)));

        assertThat(outcome.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(outcome.finals()).hasSize(1);
        assertThat(outcome.interims()).isNotEmpty();
        List<RecognitionResult> results = outcome.results();
        RecognitionResult last = results.get(results.size() - 1);
        assertThat(last.getIsFinal()).as("the final comes last").isTrue();
        assertThat(last.getAudioEndMs()).isEqualTo(2_500);
        assertThat(last.getTranscript()).isNotBlank();
        for (int i = 0; i < results.size(); i++) {
            RecognitionResult r = results.get(i);
            assertThat(r.getSequence()).isEqualTo(i);
            assertThat(r.getAudioStartMs()).isZero();
            assertThat(r.getAudioEndMs()).isPositive().isLessThanOrEqualTo(2_500);
            if (i > 0) {
                assertThat(r.getAudioEndMs())
                        .isGreaterThanOrEqualTo(results.get(i - 1).getAudioEndMs());
            }
            var t = r.getTiming();
            assertThat(t.getTotalUs())
                    .isEqualTo(t.getBufferWaitUs() + t.getQueueWaitUs() + t.getInferenceUs() + t.getResponseEmitUs());
            assertThat(t.getTotalUs()).isPositive();
        }
        // 2.5 s at 0.02 CPU s per audio s: the final's inference burned real CPU.
        assertThat(results.stream()
                        .mapToLong(r -> r.getTiming().getInferenceUs())
                        .sum())
                .isGreaterThanOrEqualTo(40_000);
    }

    @Test
    void givesTheSameTranscriptForTheSameAudio() {
        byte[] audio = Pcm.speechLike(16_000, 1_500);
        String first = SttClient.recognize(server.channel(), Request.of(audio))
                .finals()
                .get(0)
                .getTranscript();
        String second = SttClient.recognize(
                        server.channel(), Request.of(audio).withChunkMillis(37).withPartials(false))
                .finals()
                .get(0)
                .getTranscript();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void sendsOnlyTheFinalWhenPartialsAreOff() {
        SttOutcome outcome = SttClient.recognize(
                server.channel(), Request.of(Pcm.speechLike(16_000, 2_000)).withPartials(false));
        assertThat(outcome.results()).hasSize(1);
        assertThat(outcome.finals()).hasSize(1);
    }

    @Test
    void takesAttributesFromRequestMetadata() {
        SttOutcome outcome = SttClient.recognize(
                server.channel(),
                Request.of(Pcm.speechLike(16_000, 2_000))
                        .withPartials(false)
                        .withHeaders(Map.of("speechload-attr-partial", "true")));
        assertThat(outcome.interims())
                .as("partial=true as a header turns partials on")
                .isNotEmpty();
    }

    @Test
    void finalizesOnHalfCloseWithoutALastChunk() {
        SttOutcome outcome = SttClient.recognize(
                server.channel(), Request.of(Pcm.speechLike(16_000, 1_000)).finishing(Finish.HALF_CLOSE));
        assertThat(outcome.status().isOk()).isTrue();
        assertThat(outcome.finals()).hasSize(1);
        assertThat(outcome.finals().get(0).getAudioEndMs()).isEqualTo(1_000);
    }

    @Test
    void rejectsAudioBeforeConfigWithErr2001() {
        SttOutcome outcome = SttClient.recognize(
                server.channel(), Request.of(Pcm.speechLike(16_000, 300)).withoutConfig());
        assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(outcome.codeTrailer()).isEqualTo("ERR2001");
        assertThat(outcome.errorDetail()).get().satisfies(d -> {
            assertThat(d.getCode()).isEqualTo("ERR2001");
            assertThat(d.getMessage()).isEqualTo("the first message must carry config, got audio");
        });
        assertThat(outcome.status().getDescription())
                .isEqualTo("ERR2001: the first message must carry config, got audio");
    }

    @Test
    void rejectsABadSampleRateWithErr2001() {
        SttOutcome outcome = SttClient.recognize(
                server.channel(), Request.of(Pcm.speechLike(16_000, 300)).withSampleRate(4_000));
        assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(outcome.codeTrailer()).isEqualTo("ERR2001");
        assertThat(outcome.errorDetail())
                .get()
                .extracting(d -> d.getMessage())
                .isEqualTo("sample_rate_hz must be between 8000 and 48000, was 4000");
        assertThat(server.metrics().path("errors_total").path("ERR2001").asLong())
                .isPositive();
    }

    @Test
    void rejectsAStreamThatEndsBeforeConfig() {
        SttOutcome outcome = SttClient.recognize(
                server.channel(), Request.of(new byte[0]).withoutConfig().finishing(Finish.HALF_CLOSE));
        assertThat(outcome.codeTrailer()).isEqualTo("ERR2001");
    }
}
