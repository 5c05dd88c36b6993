package dev.speechload.suites.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.Audio;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SessionLogging;
import dev.speechload.grpc.SttScenario;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure of speech-to-text: a server with a small decode pool, a small audio buffer cap and
 * a small pending-decode cap, and many channels asking for partials every 100 ms of audio. The
 * server must shed interim results (never finals), hold no more audio than the open sessions
 * sent, and release all of it afterwards. Smoke: 24 channels for 8 s; full: 240 channels for 2 min.
 *
 * <p>Both caps are bounds (see the server's README, "Backpressure"): the server asks a stream for
 * its next message only while buffered plus reserved audio is under the buffer cap, so
 * {@code buffer_bytes_total} plateaus near the cap and stays below it plus one 100 ms chunk
 * (plus a second chunk in the rare liveness case); {@code decode_pending} never exceeds its cap,
 * because finals that find no free slot wait for one instead of going over it. The suite asserts
 * that plateau: the peak buffer reached at least half the cap and stayed under cap + 2 chunks,
 * and the peak of pending decodes stayed at or under its cap (no overshoot: none is documented).
 */
@DisplayName("STT backpressure")
class SttBackpressureSuite {

    private static final Logger LOG = LoggerFactory.getLogger(SttBackpressureSuite.class);
    private static final long MAX_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_PENDING_DECODES = 4;
    private static final Audio AUDIO = AudioSources.whiteNoise(Duration.ofSeconds(2), 16_000, 11);
    /** PCM16 mono: 2 bytes per sample. */
    private static final long AUDIO_BYTES = AUDIO.sampleCount() * 2;
    /** SttScenario's default chunk: 100 ms of 16 kHz PCM16. */
    private static final long CHUNK_BYTES = 16_000 * 2 / 10;
    /** The server's documented worst case above the buffer cap: two chunks (one in the usual case). */
    private static final long BUFFER_MARGIN_BYTES = 2 * CHUNK_BYTES;
    /** Unrecorded load first, so the run measures neither side's JIT compilation ({@link SttWarmUp}). */
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    @LoadTarget
    static Target server(Settings settings) {
        return SuiteTargets.referenceServer(
                settings,
                "--max-buffer-bytes",
                Long.toString(MAX_BUFFER_BYTES),
                "--max-pending-decodes",
                Integer.toString(MAX_PENDING_DECODES),
                "--decode-pool-size",
                "1",
                "--engine-rtf",
                "0.02",
                "--partial-interval-ms",
                "100");
    }

    @LoadTest(channels = 240, rampSteps = 2, rampInterval = "20s", duration = "2m", sampleInterval = "500ms")
    @Smoke(channels = 24, duration = "8s")
    void shedsInterimResultsUnderOverloadAndStillDeliversEveryFinal(LoadContext load) throws Exception {
        SttScenario stt = scenario().withSessionLogging(SessionLogging.besideResult(load));
        URI http = load.endpoints().http();
        SttWarmUp.run(
                load.endpoints(),
                scenario().withName("stt-backpressure-warm-up"),
                load.plan().channels(),
                WARM_UP);
        awaitDrained(http, Duration.ofSeconds(15));
        JsonNode before = MetricsPoller.read(http);

        RunResult result;
        long peakBuffer;
        long peakPending;
        try (MetricsPoller poller = MetricsPoller.start(http, Duration.ofMillis(50))) {
            result = load.run(stt);
            peakBuffer = poller.max("buffer_bytes_total");
            peakPending = poller.max("decode_pending");
        }
        JsonNode settled = awaitDrained(http, Duration.ofSeconds(15));

        long drops = settled.path("partial_drop_count").asLong()
                - before.path("partial_drop_count").asLong();
        long finals = settled.path("final_results_total").asLong()
                - before.path("final_results_total").asLong();
        long interims = settled.path("interim_results_total").asLong()
                - before.path("interim_results_total").asLong();
        long ok = Counters.total(result, "stt.sessions_ok");
        long cut = Counters.total(result, "iterations.cut");
        int channels = load.plan().channels();
        LOG.info(
                "backpressure: {} interims dropped, {} sent, {} finals; peak buffer {} B (cap {} B), peak pending"
                        + " decodes {} (cap {}); {} sessions ok, {} cut after the run's grace period",
                drops,
                interims,
                finals,
                peakBuffer,
                MAX_BUFFER_BYTES,
                peakPending,
                MAX_PENDING_DECODES,
                ok,
                cut);

        assertThat(drops).as("interim results dropped (partial_drop_count)").isPositive();
        assertThat(peakBuffer)
                .as(
                        "peak buffer_bytes_total: plateaus near its cap of %d B (>= half of it, <= cap + %d B)",
                        MAX_BUFFER_BYTES, BUFFER_MARGIN_BYTES)
                .isGreaterThanOrEqualTo(MAX_BUFFER_BYTES / 2)
                .isLessThanOrEqualTo(MAX_BUFFER_BYTES + BUFFER_MARGIN_BYTES);
        assertThat(peakPending)
                .as("peak decode_pending: never above its cap (finals wait for a slot)")
                .isPositive()
                .isLessThanOrEqualTo(MAX_PENDING_DECODES);
        assertThat(peakBuffer)
                .as("peak buffered audio: at most what every channel's session sends")
                .isLessThanOrEqualTo(channels * AUDIO_BYTES);

        assertThat(result.errors().byCode()).as("errors by code").isEmpty();
        assertThat(ok).as("sessions with a final result").isPositive();
        assertThat(ok)
                .as("every measured session got its final")
                .isEqualTo(result.throughput().completedIterations());
        assertThat(cut).as("sessions cut after the run's grace period").isLessThanOrEqualTo(channels);
        assertThat(finals).as("final results the server sent").isGreaterThanOrEqualTo(ok);
    }

    private static SttScenario scenario() {
        return SttScenario.create(AUDIO)
                .withSpeed(2.0)
                .withPartials(true)
                .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(20)))
                .withName("stt-backpressure");
    }

    /** Polls until the server holds no audio and no decode; fails with the last reading. */
    private static JsonNode awaitDrained(URI http, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last;
        do {
            last = MetricsPoller.read(http);
            if (last.path("buffer_bytes_total").asLong() == 0
                    && last.path("decode_pending").asLong() == 0
                    && last.path("active_streams").path("grpc").asLong() == 0) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("after the run the server still holds audio or decodes after " + timeout.toSeconds()
                + " s: buffer_bytes_total " + last.path("buffer_bytes_total") + ", decode_pending "
                + last.path("decode_pending") + ", active gRPC streams "
                + last.path("active_streams").path("grpc"));
    }
}
