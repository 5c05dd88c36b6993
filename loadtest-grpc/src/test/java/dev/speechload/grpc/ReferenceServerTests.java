package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Targets;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver through the real engine against the real reference server, run as a local process
 * (its jar is built by loadtest-server, which this module's pom orders first). Each test starts
 * its own server(s) on free loopback ports; loads are a few channels for a few seconds. Bounds on
 * values are loose on purpose (a loaded 2-core machine): they catch wrong semantics (a latency
 * measured from the wrong instant, a missing breakdown), not slowness.
 */
@DisplayName("the driver against the reference server")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReferenceServerTests {

    private static final long MS = 1_000_000;
    private static final Audio NOISE_2S = AudioSources.whiteNoise(Duration.ofSeconds(2), 16_000, 7);

    @TempDir
    Path logs;

    /** The reference server with {@code args}, its log in the test's temporary folder. */
    private ProcessTarget server(String... args) {
        return Targets.referenceServer(args).withLogDir(logs);
    }

    private static RunResult run(Scenario scenario, LoadPlan plan, ProcessTarget server) throws Exception {
        return PlanRun.of("ReferenceServerTests", plan, "full")
                .withTarget(server)
                .run(scenario);
    }

    private static long counter(RunResult r, String name) {
        return r.counters().containsKey(name) ? r.counters().get(name).total() : 0;
    }

    @Test
    void measuresEveryStageOfRealSessionsThroughTheEngine() throws Exception {
        try (ProcessTarget server = server("--decode-pool-size", "2")) {
            server.start();
            // Each channel's first session is warm-up: it meets a cold server JVM.
            RunResult r = run(
                    SttScenario.create(NOISE_2S).withChunk(Duration.ofMillis(100)),
                    LoadPlan.closed(3).withWarmupIterations(1).withDuration(Duration.ofSeconds(5)),
                    server);

            long sessions = r.throughput().completedIterations();
            assertThat(sessions).isGreaterThanOrEqualTo(3);
            assertThat(r.errors().failedIterations()).isZero();
            assertThat(counter(r, "stt.sessions_ok")).isEqualTo(sessions);
            // Sessions running at the deadline end in the grace period and count normally.
            assertThat(counter(r, "iterations.cut")).isZero();
            assertThat(counter(r, "stt.media_ms")).isEqualTo(sessions * 2_000);

            LatencySummary finalLatency = r.latency(SttScenario.FINAL_LATENCY);
            assertThat(finalLatency.count()).isEqualTo(sessions);
            assertThat(finalLatency.p50Nanos()).isBetween(1L, 5_000 * MS);

            // An interim every 500 ms of audio: 4 per 2 s session at most, some may be dropped.
            LatencySummary interim = r.latency(SttScenario.INTERIM_LATENCY);
            assertThat(interim.count()).isEqualTo(counter(r, "stt.interims")).isBetween(1L, sessions * 4);
            assertThat(interim.p50Nanos()).isBetween(1L, 5_000 * MS);

            // The first result needs 500 ms of audio: in real time the 5th chunk, sent 400 ms after the
            // first (chunk i is due at i x 100 ms), so it cannot come sooner.
            LatencySummary firstResponse = r.latency(RunResult.TIME_TO_FIRST_EVENT);
            assertThat(firstResponse.count()).isEqualTo(sessions);
            assertThat(firstResponse.minNanos()).isGreaterThanOrEqualTo(395 * MS);
            assertThat(firstResponse.maxNanos())
                    .isLessThan(r.latency(SttScenario.SESSION_DURATION).maxNanos());

            // Every result carries a breakdown; the total is the sum of its parts.
            long results = counter(r, "stt.responses");
            assertThat(results).isEqualTo(counter(r, "stt.interims") + sessions);
            for (String part : List.of("buffer_wait", "queue_wait", "inference", "emit", "total")) {
                assertThat(r.latency("stt.decode." + part).count()).as(part).isEqualTo(results);
            }
            assertThat(r.latency("stt.decode.inference").p50Nanos()).isPositive();
            assertThat(r.latency("stt.decode.total").p99Nanos())
                    .isGreaterThanOrEqualTo(r.latency("stt.decode.inference").p99Nanos());

            // A lag for each of the 20 chunks of a session (the first goes right after the config):
            // the generator's own, or the backpressure lag of a chunk that waited for the transport.
            LatencySummary sendLag = r.latency("generator.grpc.send_lag");
            assertThat(sendLag.count() + r.latency("grpc.backpressure_lag").count())
                    .isEqualTo(sessions * 20);
            assertThat(sendLag.p50Nanos()).isLessThan(250 * MS);
            // Session time per second of audio: the last chunk goes 1.9 s after the first, so a
            // server keeping up gives just under 1 s.
            assertThat(r.latency("stt.rtf").p50Nanos()).isBetween(900 * MS, 3_000 * MS);
        }
    }

    @Test
    void passesTheStrictChecksUnderLoadWhileTheServerDropsInterims() throws Exception {
        try (ProcessTarget server = server("--decode-pool-size", "1", "--partial-interval-ms", "100")) {
            server.start();
            RunResult r = run(
                    SttScenario.create(AudioSources.whiteNoise(Duration.ofMillis(1500), 16_000, 3))
                            .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(30))),
                    LoadPlan.closed(20).withDuration(Duration.ofSeconds(5)),
                    server);

            JsonNode metrics = metrics(server);
            assertThat(metrics.get("partial_drop_count").asLong())
                    .as("interims dropped by the server")
                    .isPositive();
            assertThat(r.errors().byCode()).isEmpty();
            assertThat(r.throughput().completedIterations()).isGreaterThanOrEqualTo(20);
            assertThat(counter(r, "stt.interims"))
                    .isEqualTo(metrics.get("interim_results_total").asLong());
        }
    }

    @Test
    void endsEveryFastSessionOkWhileTheServerStalls() throws Exception {
        // Sessions sent as fast as possible once failed now and then with UNKNOWN at "final": gRPC
        // reported the call ready before the session began, so the script was sent twice over.
        // A server that freezes its decodes (400 ms of every 2 s) made that timing common.
        try (ProcessTarget server = server("--fault-stall-ms", "400", "--fault-stall-every-ms", "2000")) {
            server.start();
            RunResult r = run(
                    SttScenario.create(AudioSources.whiteNoise(Duration.ofMillis(300), 16_000, 7))
                            .withPartials(false)
                            .withRealtime(false),
                    LoadPlan.open(10).withChannels(2).withDuration(Duration.ofSeconds(5)),
                    server);

            assertThat(r.errors().byCode())
                    .as("failed sessions by code (a stall only delays)")
                    .isEmpty();
            assertThat(counter(r, "stt.sessions_ok"))
                    .isEqualTo(r.throughput().completedIterations())
                    .isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void readsTheServersStableCodesForRateLimitAndBadConfig() throws Exception {
        try (ProcessTarget server = server("--rate-limit-factor", "1.0")) {
            server.start();
            LoadPlan twice = LoadPlan.closed(1).withIterations(2);

            RunResult tooFast = run(
                    SttScenario.create(AudioSources.whiteNoise(Duration.ofSeconds(3), 16_000, 1))
                            .withSpeed(4),
                    twice,
                    server);
            assertThat(tooFast.errors().byCode()).isEqualTo(Map.of("ERR2003", 2L));
            // Judged from the client's side: usually "send", but a cold server may answer only
            // after the client has written every chunk ("final"). Never "connect".
            assertThat(counter(tooFast, "stt.failed_at.send") + counter(tooFast, "stt.failed_at.final"))
                    .isEqualTo(2);

            StreamingRecognizeRequest badRate = StreamingRecognizeRequest.newBuilder()
                    .setConfig(RecognitionConfig.newBuilder()
                            .setSampleRateHz(4_000)
                            .setLanguage("en-US"))
                    .build();
            StreamingRecognizeRequest audio = StreamingRecognizeRequest.newBuilder()
                    .setAudio(AudioChunk.newBuilder()
                            .setPcm16(ByteString.copyFrom(new byte[800]))
                            .setLast(true))
                    .build();
            GrpcStreamScenario<StreamingRecognizeRequest, StreamingRecognizeResponse> badConfig =
                    GrpcStreamScenario.<StreamingRecognizeRequest, StreamingRecognizeResponse>create(
                                    channel -> SpeechToTextGrpc.newStub(channel)::streamingRecognize)
                            .withRequests(List.of(TimedRequest.now(badRate), TimedRequest.now(audio)))
                            .forFinal(response -> response.getResult().getIsFinal());
            RunResult rejected = run(badConfig, twice, server);
            assertThat(rejected.errors().byCode()).isEqualTo(Map.of("ERR2001", 2L));
        }
    }

    @Test
    void countsAnUnreachableServerAsUnavailableAtConnectAndEndsTheRun() throws Exception {
        int nothingListens = Targets.freeLoopbackPort();
        SttScenario scenario = SttScenario.create(NOISE_2S)
                .withOptions(GrpcOptions.defaults().withAuthority("127.0.0.1:" + nothingListens));

        TrialData trial = new LoadRunner(LoadPlan.closed(2).withIterations(3)).run(scenario, 0);

        assertThat(trial.errorsByCode()).isEqualTo(Map.of("UNAVAILABLE", 6L));
        assertThat(trial.counters().get("stt.failed_at.connect").total()).isEqualTo(6);
        assertThat(trial.counters().get("stt.sessions_ok").total()).isZero();
    }

    @Test
    void finishesARunWhoseServerCrashesAndSaysWhereEachSessionWas() throws Exception {
        try (ProcessTarget server = server("--decode-pool-size", "2", "--fault-crash-after", "3")) {
            server.start();

            RunResult r = run(
                    SttScenario.create(AudioSources.whiteNoise(Duration.ofSeconds(1), 16_000, 5)),
                    LoadPlan.closed(2).withDuration(Duration.ofSeconds(4)),
                    server);

            assertThat(r.targetFailure()).as("the run saw its server die").isNotNull();
            assertThat(r.errors().byCode()).containsKey("UNAVAILABLE");
            assertThat(counter(r, "stt.sessions_ok")).isBetween(1L, 3L);
            // Each failed session says where it was: open at the crash (send or final), or started after
            // it (connect). How many land in each depends on how far a busy machine got before the crash.
            assertThat(counter(r, "stt.failed_at.connect")
                            + counter(r, "stt.failed_at.config")
                            + counter(r, "stt.failed_at.send")
                            + counter(r, "stt.failed_at.final"))
                    .isEqualTo(r.errors().failedIterations());
        }
    }

    private static JsonNode metrics(ProcessTarget server) throws Exception {
        URI uri = server.endpoints().http().resolve("/metrics");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
