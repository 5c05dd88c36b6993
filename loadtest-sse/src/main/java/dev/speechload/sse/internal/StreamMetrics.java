package dev.speechload.sse.internal;

import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;

/**
 * The metric handles of an SSE scenario, registered once in set-up. Immutable, shared by all
 * channels. Not API; the names are documented in {@code docs/sse-driver.md}.
 */
public final class StreamMetrics {

    public final LatencyMetric firstEvent;
    public final LatencyMetric gap;
    public final LatencyMetric streamDuration;
    public final LatencyMetric timePerEvent;
    public final LatencyMetric wallPerAudioSecond;
    public final CounterMetric events;
    public final CounterMetric bytes;
    public final CounterMetric audioMillis;
    public final CounterMetric streamsOk;
    public final CounterMetric reconnects;

    public StreamMetrics(ScenarioContext context, String prefix) {
        firstEvent = context.latency(
                RunResult.TIME_TO_FIRST_EVENT,
                "request start (before the request is written) to the first counted event");
        gap = context.latency(prefix + ".event_gap", "time between consecutive counted events of a stream");
        streamDuration = context.latency(
                prefix + ".stream_duration", "request start to the end event, streams that ended normally");
        timePerEvent = context.latency(
                prefix + ".client_time_per_event",
                "per stream: stream duration / counted events (events per second = 1 s / this); spread across clients");
        wallPerAudioSecond = context.latency(
                prefix + ".wall_per_audio_second",
                "per stream: wall time to produce one second of audio (1 s = real time; real-time factor = 1 s / this)");
        events = context.counter(prefix + ".events", "events");
        bytes = context.counter(prefix + ".bytes", "bytes");
        audioMillis = context.counter(prefix + ".audio_ms", "ms");
        streamsOk = context.counter(prefix + ".streams_ok", "streams");
        reconnects = context.counter(prefix + ".reconnects", "reconnects");
    }
}
