package dev.speechload.examples;

import static dev.speechload.Speechload.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Settings;
import dev.speechload.core.config.TargetKind;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Objective;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.target.Target;
import java.time.Duration;

/**
 * Example 2: streaming speech-to-text over gRPC, in real time, with partial results, a ramp and a
 * warm-up.
 *
 * <p>{@code stt(audio)} makes an {@link dev.speechload.grpc.SttScenario SttScenario}, which speaks speechload's STT contract
 * ({@code loadtest-proto/src/main/proto/speech.proto}): each iteration is one <em>session</em>, a
 * bidirectional stream that sends a config, then the audio in chunks, and waits for the final
 * result. It connects to the target's {@code grpc} endpoint by itself. If your server speaks
 * another proto, see {@link Example05_OwnGrpcService}.
 *
 * <p><b>Real-time pacing.</b> A microphone delivers 100 ms of audio every 100 ms; a test that sends
 * a whole file at once measures something no user does. The driver sends chunk <i>i</i> at
 * {@code i x chunk / speed} after the stream started ({@code withSpeed(1.0)}, the default, is real
 * time). One shared timer paces every stream, so a thousand sessions do not need a thousand
 * sleeping threads; {@code generator.grpc.send_lag} shows whether the generator kept the schedule.
 *
 * <p><b>Partials.</b> With {@code withPartials(true)} the server answers interim results while the
 * audio streams ({@code stt.interim_latency}: from the chunk that completed the audio a result
 * covers, to that result) and one final result after the last chunk ({@code stt.final_latency}:
 * from the last chunk to the final).
 *
 * <p><b>Ramp and warm-up.</b> {@code rampSteps = 4, rampInterval = "15s"} starts the channels in four
 * equal steps, so the report shows how latency changes as load climbs, and no step stampedes a cold
 * server. {@code warmup = "5s"} drops each channel's first five seconds from every statistic: the
 * server's JIT compiler and connection set-up are not what you want to measure. At smoke scale
 * the ramp interval and the warm-up shrink with the duration (here 60 s to 6 s: 1.5 s steps,
 * 0.5 s warm-up, so each channel's first session is warm-up).
 *
 * <p><b>Service-level objectives.</b> A voice team states targets in absolute terms ("final
 * transcript p95 under 500 ms, under 1 % failed sessions"); {@code @Objective} writes them down
 * beside the plan. They are judged on every run, with or without a baseline, appear in the report
 * beside the baseline verdict, and a missed one fails the test with the rule and the measured value.
 * They follow the baseline verdicts' rules: a p95 needs at least 72 values, so at smoke scale (about
 * 10 measured sessions) the latency rule is shown as "not judged" with that reason, while the error rule is
 * judged; at full scale (40 channels for a minute) both are.
 */
class Example02_SttStreaming {

    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER ? referenceServerContainer() : referenceServer();
    }

    @LoadTest(channels = 40, rampSteps = 4, rampInterval = "15s", warmup = "5s", duration = "1m")
    @Smoke(channels = 4, duration = "6s")
    @Objective("stt.final_latency p95 < 500ms")
    @Objective("errors < 1%")
    void everySessionGetsPartialsAndItsFinal(LoadContext load) throws Exception {
        // 1.5 s of seeded white noise: the same audio every run, so runs compare. A PCM16 mono WAV
        // of real speech works the same way: wav(Path.of("hello.wav")).
        var utterance = whiteNoise(Duration.ofMillis(1500), 16_000, 42);
        var stt = stt(utterance)
                .withChunk(Duration.ofMillis(100)) // 100 ms of audio per request
                .withSpeed(1.0) // real time
                .withLanguage("en-US")
                .withPartials(true) // ask for interim results
                .withOptions(grpcOptions()
                        .withFinalTimeout(Duration.ofSeconds(10))); // a final later than this fails as TIMEOUT

        var result = load.run(stt);

        long sessions = result.throughput().completedIterations();
        assertThat(sessions).as("measured sessions").isPositive();
        assertThat(result.errors().byCode()).as("failed sessions by error code").isEmpty();
        // Every measured session got its final result ...
        assertThat(result.counters().get("stt.sessions_ok").total())
                .as("sessions with a final result")
                .isEqualTo(sessions);
        assertThat(result.latency(STT_FINAL_LATENCY).count())
                .as("final latencies")
                .isEqualTo(sessions);
        // ... and partials arrived while the audio was streaming.
        assertThat(result.counters().get("stt.interims").total())
                .as("interim results")
                .isPositive();
        assertThat(result.latency(STT_INTERIM_LATENCY).count())
                .as("interim latencies")
                .isPositive();
        // Real time: the last chunk (at 1.4 s) cannot go out sooner than its schedule says.
        assertThat(Duration.ofNanos(result.latency("stt.send_duration").p50Nanos()))
                .as("median time to send 1.5 s of audio in 100 ms chunks")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1350));
        // The ramp reached every channel of the plan.
        assertThat(result.throughput().peakActiveChannels())
                .as("peak channels")
                .isEqualTo(load.plan().channels());
    }
}
