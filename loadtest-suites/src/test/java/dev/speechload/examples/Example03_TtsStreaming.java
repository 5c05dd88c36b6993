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
import java.time.Duration;
import java.util.List;

/**
 * Example 3: streaming text-to-speech over server-sent events (SSE).
 *
 * <p>{@code tts(texts)} makes a {@link dev.speechload.sse.TtsScenario TtsScenario}, which posts {@code {"text": ..., "voice": ...}} to {@code /v1/tts} on the target's
 * {@code http} endpoint and reads the answer as an event stream: {@code audio} events carry the
 * sound, {@code done} ends the stream, {@code error} fails it with the server's code. It is a preset
 * of {@code SseScenario}, which drives any SSE endpoint ({@code sse("/events")
 * .withCountedEvents(e -> e.is("tick")).withEndEvent(e -> e.is("bye"))}).
 *
 * <p>What to look at in a TTS run:
 * <ul>
 *   <li>{@code time_to_first_event}: request sent to the first audio frame, what a listener waits
 *       before hearing anything;</li>
 *   <li>{@code sse.event_gap}: time between frames (jitter; a stall shows here);</li>
 *   <li>{@code sse.wall_per_audio_second}: wall time to produce one second of audio. 1 s is real
 *       time; below it the server is faster than playback. (Recorded as a time, not a rate, so that
 *       "higher is worse" holds for every latency the regression verdict judges.)</li>
 * </ul>
 *
 * <p>{@code cyclingTexts(texts)} ({@link dev.speechload.sse.TextSource#cycling TextSource.cycling}) gives channel <i>c</i>'s iteration <i>i</i> the text
 * {@code texts[(c + i) mod n]}: varied, yet the same in every run, so runs can be compared.
 * {@code warmupIterations = 1} drops each channel's first stream (connection set-up, a cold JIT).
 */
class Example03_TtsStreaming {

    private static final List<String> TEXTS = List.of(
            "Hello, and welcome to the speech service.",
            "The quick brown fox jumps over the lazy dog.",
            "Your order number is 4 2 7 1, and it will arrive on Tuesday.",
            "Please hold while we connect your call to the next available agent.");

    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER ? referenceServerContainer() : referenceServer();
    }

    @LoadTest(channels = 20, rampSteps = 2, rampInterval = "10s", warmupIterations = 1, duration = "30s")
    @Smoke(channels = 3, duration = "4s")
    void streamsAudioWithoutErrors(LoadContext load) throws Exception {
        var tts = tts(cyclingTexts(TEXTS))
                .withOptions(sseOptions()
                        .withReadTimeout(Duration.ofSeconds(10)) // no byte for 10 s: STALL
                        .withStreamTimeout(Duration.ofSeconds(30))); // not done after 30 s: TIMEOUT

        var result = load.run(tts);

        long streams = result.throughput().completedIterations();
        assertThat(streams).as("measured streams").isPositive();
        assertThat(result.errors().byCode()).as("failed streams by error code").isEmpty();
        // Streams still running at the run's end are cancelled and counted apart
        // (sse.streams_cut_at_run_end): the server did nothing wrong.
        long ok = result.counters().get("sse.streams_ok").total();
        assertThat(ok).as("streams that ended with done").isPositive();
        assertThat(result.latency(TIME_TO_FIRST_EVENT).count())
                .as("streams with a first audio frame")
                .isGreaterThanOrEqualTo(ok);
        assertThat(result.counters().get("sse.audio_ms").total())
                .as("audio received, ms")
                .isPositive();
        // The reference server's synthetic voice is many times faster than playback.
        assertThat(Duration.ofNanos(result.latency("sse.wall_per_audio_second").p50Nanos()))
                .as("median wall time per second of audio")
                .isLessThan(Duration.ofSeconds(1));
    }
}
