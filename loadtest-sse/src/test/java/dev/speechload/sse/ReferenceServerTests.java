package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Targets;
import dev.speechload.sse.stress.RequestStatus;
import dev.speechload.sse.stress.StressReport;
import dev.speechload.sse.stress.TtsStressRun;
import dev.speechload.sse.testing.CuttingProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSE driver and the stress run against the real reference server, run as a local process
 * (its jar is built by loadtest-server, which this module's pom orders first). Each test starts
 * its own server on free loopback ports; loads are a few channels for a few seconds. Bounds are
 * loose on purpose (a loaded 2-core machine): they catch wrong semantics, not slowness.
 */
@DisplayName("the SSE driver against the reference server")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReferenceServerTests {

    private static final long MS = 1_000_000;
    /** 32 code points: 1,920 ms of audio from the synthetic engine (60 ms each), in 20 frames of up to 100 ms. */
    private static final String TEXT = "Hello world, this is speechload.";

    @TempDir
    Path logs;

    @TempDir
    Path results;

    /** The reference server with {@code args}, its log in the test's temporary folder. */
    private ProcessTarget server(String... args) {
        return Targets.referenceServer(args).withLogDir(logs);
    }

    private static TrialData run(Scenario scenario, LoadPlan plan, ProcessTarget server) throws Exception {
        return new LoadRunner(plan).withEndpoints(server.endpoints()).run(scenario, 0);
    }

    private static long counter(TrialData data, String name) {
        TrialData.Count c = data.counters().get(name);
        return c == null ? 0 : c.total();
    }

    @Test
    void measuresRealTtsStreamsThroughTheEngine() throws Exception {
        try (ProcessTarget server = server()) {
            server.start();
            // Each channel's first stream is warm-up: it meets a cold server JVM.
            TrialData data = run(
                    TtsScenario.create(TEXT),
                    LoadPlan.closed(3).withWarmupIterations(1).withDuration(Duration.ofSeconds(4)),
                    server);

            long streams = data.completedIterations();
            assertThat(streams).isGreaterThanOrEqualTo(3);
            assertThat(data.errorsByCode()).isEmpty();
            // Streams running at the deadline end in the grace period and count normally.
            assertThat(counter(data, "iterations.cut")).isZero();
            assertThat(counter(data, "sse.streams_ok")).isEqualTo(streams);
            assertThat(counter(data, "sse.audio_ms")).isEqualTo(streams * 1_920);
            assertThat(counter(data, "sse.events")).isEqualTo(streams * 20);

            Histogram ttfa = data.latencies().get(RunResult.TIME_TO_FIRST_EVENT);
            assertThat(ttfa.getTotalCount()).isEqualTo(streams);
            assertThat(ttfa.getMinValue()).isPositive();
            // Loose: other builds may share this machine's two cores with the server and the test.
            assertThat(ttfa.getMaxValue()).isLessThan(30_000 * MS);
            // 19 gaps between the 20 frames of a stream: the server sends a chunk's frames as soon as the chunk
            // is synthesized, far faster than the 100 ms of audio each frame holds.
            Histogram gaps = data.latencies().get("sse.event_gap");
            assertThat(gaps.getTotalCount()).isEqualTo(streams * 19);
            assertThat(gaps.getValueAtPercentile(50)).isLessThan(100 * MS);
            Histogram duration = data.latencies().get("sse.stream_duration");
            assertThat(duration.getTotalCount()).isEqualTo(streams);
            assertThat(duration.getMinValue()).isGreaterThanOrEqualTo(ttfa.getMinValue());
            assertThat(duration.getMaxValue()).isGreaterThanOrEqualTo(ttfa.getMaxValue());
            // Every stream carries 1.92 s of audio, so wall time per audio second = duration / 1.92
            // (histogram precision: 3 significant digits).
            Histogram wallPerAudioSecond = data.latencies().get("sse.wall_per_audio_second");
            assertThat(wallPerAudioSecond.getTotalCount()).isEqualTo(streams);
            assertThat((double) wallPerAudioSecond.getMinValue())
                    .isCloseTo(duration.getMinValue() / 1.92, Percentage.withPercentage(1));
            assertThat((double) wallPerAudioSecond.getMaxValue())
                    .isCloseTo(duration.getMaxValue() / 1.92, Percentage.withPercentage(1));
        }
    }

    @Test
    void mapsTheServersRefusalsToStableCodes() throws Exception {
        try (ProcessTarget server = server("--tts-max-text-chars", "50")) {
            server.start();
            TrialData data = run(
                    TtsScenario.create(List.of("  ", "x".repeat(51), TEXT)),
                    LoadPlan.closed(1).withIterations(3),
                    server);
            assertThat(data.completedIterations()).isEqualTo(3);
            assertThat(data.errorsByCode())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("HTTP_400_ERR1001", 1L, "HTTP_413_ERR1002", 1L));
            assertThat(counter(data, "sse.streams_ok")).isEqualTo(1);

            try (SseSession session = TtsScenario.create(List.of("x".repeat(51)))
                    .open(server.endpoints().http(), 1)) {
                StreamOutcome tooLong = session.stream(0, 0);
                assertThat(tooLong.kind()).isEqualTo(SseErrorKind.HTTP);
                assertThat(tooLong.httpStatus()).isEqualTo(413);
                assertThat(tooLong.message()).contains("answered HTTP 413 ERR1002: text has 51 characters");
            }
        }
    }

    @Test
    void reportsAChunkTimeoutWithTheServersCode() throws Exception {
        // Every chunk waits 2 s (latency fault) but may take 300 ms: the server fails the stream with ERR1004.
        try (ProcessTarget server = server("--tts-chunk-timeout", "300ms", "--fault-latency-ms", "2000")) {
            server.start();
            try (SseSession session =
                    TtsScenario.create(TEXT).open(server.endpoints().http(), 1)) {
                StreamOutcome o = session.stream(0, 0);
                assertThat(o.kind()).isEqualTo(SseErrorKind.SERVER_ERROR);
                assertThat(o.errorCode()).isEqualTo("ERR1004");
                assertThat(o.httpStatus()).isEqualTo(200);
                assertThat(o.message()).contains("was not generated within 300 ms");
                assertThat(o.events()).isZero();
            }
        }
    }

    @Test
    void resumesWithLastEventIdAfterAResetAndGetsEveryFrameOnce() throws Exception {
        try (ProcessTarget server = server()) {
            server.start();
            StreamOutcome direct;
            try (SseSession session =
                    TtsScenario.create(TEXT).open(server.endpoints().http(), 1)) {
                direct = session.stream(0, 0);
            }
            assertThat(direct.ok()).isTrue();
            // The real server never resets a stream by itself: a proxy resets the first connection after
            // 30,000 of the ~84,000 bytes, in the middle of the audio.
            try (CuttingProxy proxy = CuttingProxy.to(server.endpoints().http(), 30_000);
                    SseSession session = TtsScenario.create(TEXT)
                            .withOptions(SseOptions.defaults().withReconnect(true))
                            .open(proxy.baseUrl(), 1)) {
                StreamOutcome resumed = session.stream(0, 0);
                assertThat(resumed.ok()).as(resumed.toString()).isTrue();
                assertThat(resumed.reconnects()).isEqualTo(1);
                assertThat(proxy.connections()).isEqualTo(2);
                // The server skipped what the client had: the same frames and audio as without the reset.
                assertThat(resumed.events()).isEqualTo(direct.events()).isEqualTo(20);
                assertThat(resumed.audioMillis())
                        .isEqualTo(direct.audioMillis())
                        .isEqualTo(1_920.0);
                assertThat(resumed.lastEventId()).isEqualTo(direct.lastEventId());
            }
        }
    }

    @Test
    void runsTheStressCorpusAndFindsTheConfiguredLengthLimit() throws Exception {
        StressReport report = TtsStressRun.forTargets(
                        "real-limit",
                        () -> server("--tts-max-text-chars", "2000", "--tts-rtf", "0", "--tts-sample-rate", "8000"))
                .withCount(40)
                .withLimitSearch(20, 5_000, 1)
                .withResultsDir(results)
                .run();
        assertThat(report.totalRequests()).isEqualTo(40);
        assertThat(report.crashes()).isZero();
        assertThat(report.timeouts()).isZero();
        assertThat(report.abortedReason()).isNull();
        // Blank texts are refused (ERR1001) and texts over 2,000 characters too (ERR1002); the rest work.
        for (var r : report.requests()) {
            boolean blank = r.chars() == 0 || r.category().equals("EMPTY");
            String expected = blank ? "HTTP_400_ERR1001" : r.chars() > 2_000 ? "HTTP_413_ERR1002" : null;
            assertThat(r.errorCode()).as(r.toString()).isEqualTo(expected);
            assertThat(r.status()).isEqualTo(expected == null ? RequestStatus.OK : RequestStatus.ERROR);
        }
        assertThat(report.errorsByCode()).containsKey("HTTP_400_ERR1001");
        assertThat(report.lengthLimit().maxCharsOk()).isEqualTo(2_000);
        assertThat(report.lengthLimit().minCharsFail()).isEqualTo(2_001);
        assertThat(report.lengthLimit().exact()).isTrue();
        assertThat(report.memoryStartBytes()).isPositive();
        assertThat(report.medianMillis()).isPositive();
        assertThat(Json.mapper()
                        .readValue(results.resolve("stress/real-limit.json").toFile(), StressReport.class))
                .isEqualTo(report);
    }

    @Test
    void aCrashMidRunEndsTheRunWithTheExitCodeAndCountsOnlyAnsweredStreams() throws Exception {
        // The server halts (exit 137) on the 11th request it accepts; the run's deadline is a minute away.
        try (ProcessTarget server =
                server("--fault-crash-after", "10", "--tts-rtf", "0", "--tts-sample-rate", "8000")) {
            server.start();
            TrialData data = new LoadRunner(LoadPlan.closed(2).withDuration(Duration.ofSeconds(60)))
                    .withTarget(server)
                    .run(TtsScenario.create(TEXT), 0);

            assertThat(data.targetFailure())
                    .as("the run says how its server died")
                    .isNotNull();
            assertThat(data.targetFailure().message())
                    .matches("target exited with code 137 at \\d+\\.\\d s \\(log .*\\)");
            long answered = data.completedIterations() - data.failedIterations();
            assertThat(answered)
                    .as("streams answered before the crash")
                    .isBetween(1L, 10L)
                    .isEqualTo(counter(data, "sse.streams_ok"));
            assertThat(data.latencies().get(RunResult.SERVICE_TIME).getTotalCount())
                    .isEqualTo(answered);
            assertThat(data.failedIterations())
                    .as("the stream that met the crash, at least")
                    .isPositive();
            assertThat(data.latencies().get(RunResult.FAILED_TIME).getTotalCount())
                    .isEqualTo(data.failedIterations());
            assertThat(data.measuredNanos())
                    .as("ended at the crash, not at the deadline")
                    .isLessThan(Duration.ofSeconds(30).toNanos());
        }
    }

    @Test
    void countsACrashRestartsTheServerAndFinishesTheRun() throws Exception {
        // The server halts (exit 137) on the 26th request it accepts; the run replaces it with a fresh one.
        StressReport report = TtsStressRun.forTargets(
                        "real-crash",
                        () -> server("--fault-crash-after", "25", "--tts-rtf", "0", "--tts-sample-rate", "8000"))
                .withCount(40)
                .withoutLimitSearch()
                .withResultsDir(results)
                .run();
        assertThat(report.totalRequests()).isEqualTo(40);
        assertThat(report.crashes()).isEqualTo(1);
        assertThat(report.crashRequests()).isEqualTo(1);
        assertThat(report.abortedReason()).isNull();
        assertThat(report.ok() + report.errors()).isEqualTo(39);
        assertThat(report.requests().stream().filter(r -> r.status() == RequestStatus.CRASH))
                .singleElement()
                .satisfies(r -> assertThat(r.index()).isGreaterThanOrEqualTo(25));
        // After the restart the corpus went on: the last request was answered.
        assertThat(report.requests().get(39).status()).isIn(RequestStatus.OK, RequestStatus.ERROR);
        assertThat(results.resolve("stress/real-crash.json")).isRegularFile();
    }
}
