package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RecordingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SttScenario against a fake STT server")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SttScenarioTests {

    private static final Audio ONE_SECOND = AudioSources.tone(Duration.ofSeconds(1), 16_000, 440);

    private FakeSttServer server;
    private RecordingContext context;
    private SttScenario scenario;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeSttServer();
        context = RecordingContext.grpc(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.tearDown();
        }
        server.close();
    }

    private void run(SttScenario s, int sessions) throws Exception {
        scenario = s;
        s.setUp(context);
        for (int i = 0; i < sessions; i++) {
            s.run(context.iteration(0, i, Duration.ofMillis(60_000)));
        }
    }

    @Test
    void measuresInterimAndFinalResultsOfEachSession() throws Exception {
        run(SttScenario.create(ONE_SECOND).withChunk(Duration.ofMillis(100)).withSpeed(4), 2);

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("stt.sessions_ok")).isEqualTo(2);
        assertThat(context.counterTotal("stt.interims")).isEqualTo(8);
        assertThat(context.counterTotal("stt.responses")).isEqualTo(10);
        assertThat(context.counterTotal("stt.media_ms")).isEqualTo(2_000);
        assertThat(context.latencies(SttScenario.INTERIM_LATENCY)).hasSize(8);
        assertThat(context.latencies(SttScenario.FINAL_LATENCY)).hasSize(2);
        assertThat(context.latencies(RunResult.TIME_TO_FIRST_EVENT)).hasSize(2);
        for (String m : List.of("stt.send_duration", "stt.tail_duration", "stt.session_duration", "stt.rtf")) {
            assertThat(context.latencies(m).size()).as(m).isEqualTo(2);
        }
        // Ten chunks per session, each paced: one lag value per chunk, the generator's own or, for a
        // chunk that waited for the transport (the connection opening), the backpressure lag.
        assertThat(context.latencies("generator.grpc.send_lag").size()
                        + context.latencies("grpc.backpressure_lag").size())
                .isEqualTo(20);
        // The session cannot be shorter than its audio at 4x real time.
        assertThat(Collections.min(context.latencies("stt.session_duration")))
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void recordsTheServersDecodeTimingOfEveryResult() throws Exception {
        run(SttScenario.create(ONE_SECOND).withSpeed(4), 1);

        assertThat(context.latencies("stt.decode.inference"))
                .hasSize(5)
                .containsOnly(TimeUnit.MICROSECONDS.toNanos(FakeSttServer.INFERENCE_US));
        assertThat(Collections.min(context.latencies("stt.decode.queue_wait")))
                .isEqualTo(TimeUnit.MICROSECONDS.toNanos(FakeSttServer.QUEUE_WAIT_US));
        for (String part : List.of("buffer_wait", "emit", "total")) {
            assertThat(context.latencies("stt.decode." + part).size()).as(part).isEqualTo(5);
        }
    }

    @Test
    void measuresInterimLatencyFromTheChunkThatCompletedTheAudioItCovers() throws Exception {
        // The server reports each interim only once it holds 300 ms more audio: at real time the
        // chunk that completed the covered audio left about 300 ms before the interim arrived.
        server.lagMs = 300;
        run(SttScenario.create(ONE_SECOND), 2);

        List<Long> interim =
                context.latencies(SttScenario.INTERIM_LATENCY).stream().sorted().toList();
        assertThat(interim).hasSize(6);
        assertThat(interim.get((interim.size() - 1) / 2))
                .as("median")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void sendsConfigAndAttributesInTheStreamAndAsMetadata() throws Exception {
        run(
                SttScenario.create(ONE_SECOND)
                        .withSpeed(4)
                        .withLanguage("de-DE")
                        .withPartials(false)
                        .withAttribute("partial", "true")
                        .withAttribute("tenant", "load-test"),
                1);

        assertThat(server.configs).singleElement().satisfies(c -> {
            assertThat(c.getSampleRateHz()).isEqualTo(16_000);
            assertThat(c.getLanguage()).isEqualTo("de-DE");
            assertThat(c.getPartials()).isFalse();
            assertThat(c.getAttributesMap()).containsEntry("partial", "true").containsEntry("tenant", "load-test");
        });
        io.grpc.Metadata headers = server.headers.get(0);
        assertThat(headers.get(io.grpc.Metadata.Key.of("tenant", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("load-test");
    }

    @Test
    void sendsTheOptionsMetadataBesideTheAttributesAndAnAttributeWins() throws Exception {
        GrpcOptions options = GrpcOptions.defaults().withMetadata(Map.of("api-key", "k1", "tenant", "from-options"));
        run(SttScenario.create(ONE_SECOND).withSpeed(4).withOptions(options).withAttribute("tenant", "load-test"), 1);

        io.grpc.Metadata headers = server.headers.get(0);
        assertThat(headers.get(io.grpc.Metadata.Key.of("api-key", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("k1");
        assertThat(headers.getAll(io.grpc.Metadata.Key.of("tenant", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                .containsExactly("load-test");
    }

    @Test
    void reportsRateLimitErrorFromTheTrailerAsItsCode() throws Exception {
        server.rateLimit = 1.5;
        run(
                SttScenario.create(AudioSources.silence(Duration.ofSeconds(3), 16_000))
                        .withSpeed(20),
                1);

        assertThat(context.errors()).containsExactly("ERR2003");
        assertThat(context.counterTotal("stt.failed_at.send")).isEqualTo(1);
        assertThat(context.counterTotal("stt.sessions_ok")).isZero();
        assertThat(context.latencies(SttScenario.FINAL_LATENCY)).isEmpty();
    }

    @Test
    void reportsRateLimitErrorFromTheStatusDetailsWhenNoTrailerCarriesIt() throws Exception {
        server.rateLimit = 1.5;
        server.errorCodeInTrailer = false;
        run(
                SttScenario.create(AudioSources.silence(Duration.ofSeconds(3), 16_000))
                        .withRealtime(false),
                1);

        assertThat(context.errors()).containsExactly("ERR2003");
    }

    @Test
    void sendsAsFastAsFlowControlAllowsWhenRealTimeIsOff() throws Exception {
        run(
                SttScenario.create(AudioSources.silence(Duration.ofSeconds(30), 16_000))
                        .withRealtime(false),
                1);

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("stt.media_ms")).isEqualTo(30_000);
        // 30 s of audio in far less than 30 s, and no pacing, so no send lag.
        assertThat(Collections.max(context.latencies("stt.session_duration"))).isLessThan(TimeUnit.SECONDS.toNanos(25));
        assertThat(context.latencies("generator.grpc.send_lag")).isEmpty();
    }

    @Test
    void writesOneSessionLogLinePerSession(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sessions.jsonl");
        run(SttScenario.create(ONE_SECOND).withSpeed(4).withSessionLogging(SessionLogging.toFile(file)), 3);
        scenario.tearDown();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .startsWith("{\"session\":\"c0-i0\",\"channel\":0,\"iteration\":0,\"warmup\":false,")
                .contains("\"ok\":true,\"error_code\":null,\"stage\":null,\"audio_ms\":1000,\"requests_sent\":11,"
                        + "\"responses\":5,\"interims\":4,")
                .contains("\"decode_inference_ms\":7,")
                .endsWith("\"transcript\":\"hello, \\\"world\\\"\"}");
    }

    @Test
    void writesEveryTrialsSessionsBesideTheResultUntilTheCap(@TempDir Path results) throws Exception {
        SessionLogging beside = SessionLogging.besideResult(results, "SttSuite.streams", null);
        SttScenario stt = SttScenario.create(ONE_SECOND).withSpeed(4).withSessionLogging(beside);
        run(stt, 2);
        scenario.tearDown();
        run(stt, 2);
        scenario.tearDown();

        Path file = results.resolve("SttSuite.streams.sessions.jsonl");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines)
                .as("both trials' sessions")
                .hasSize(4)
                .allSatisfy(line ->
                        assertThat(line).startsWith("{\"session\":\"c0-i").contains("\"ok\":true"));

        // The same scenario with a cap that holds three of these sessions: the fourth gives way to the note.
        long cap = Files.size(file) - lines.get(3).length() / 2;
        SttScenario capped = stt.withSessionLogging(beside.withMaxFileBytes(cap));
        run(capped, 4);
        scenario.tearDown();

        List<String> cappedLines = Files.readAllLines(file);
        assertThat(cappedLines).hasSize(4);
        assertThat(cappedLines.subList(0, 3))
                .allSatisfy(line -> assertThat(line).startsWith("{\"session\":"));
        assertThat(cappedLines.get(3))
                .startsWith("{\"note\":\"session log cap of " + cap + " bytes reached after" + " 3 sessions");
    }

    @Test
    void soakPresetStreamsTheSignalForTheWholeSessionLength() throws Exception {
        SttScenario soak =
                SttScenario.soak(SoakSignal.NOISE, Duration.ofSeconds(25)).withRealtime(false);
        assertThat(soak.audio().durationMillis()).isEqualTo(25_000);
        assertThat(soak.audio().looped()).isTrue();
        run(soak, 1);

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("stt.media_ms")).isEqualTo(25_000);
    }
}
