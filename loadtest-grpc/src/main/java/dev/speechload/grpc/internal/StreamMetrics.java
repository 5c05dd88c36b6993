package dev.speechload.grpc.internal;

import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;
import dev.speechload.grpc.SessionStage;

/**
 * The metric handles one driver records into, registered at set-up under a prefix ({@code stt},
 * or a user's own). Immutable; shared by every channel. Not API.
 */
public final class StreamMetrics {

    /**
     * Delay of each request behind its planned send time: the generator's own lag, so it carries
     * {@link RunResult#GENERATOR_PREFIX}: never judged as a server regression, and counted by the
     * measurement's health. Named {@code grpc.send_lag} before the prefix existed.
     */
    public static final String SEND_LAG = RunResult.GENERATOR_PREFIX + "grpc.send_lag";
    /**
     * Delay of each request that went out late because it waited for the transport to be ready
     * (the server's flow control pushed back): the server's doing, so not a generator figure.
     */
    public static final String BACKPRESSURE_LAG = "grpc.backpressure_lag";

    final LatencyMetric firstResponse;
    final LatencyMetric interimLatency;
    final LatencyMetric finalLatency;
    final LatencyMetric sendDuration;
    final LatencyMetric tailDuration;
    final LatencyMetric totalDuration;
    /** Null unless the media is audio. */
    final LatencyMetric realTimeFactor;

    final LatencyMetric sendLag;
    final LatencyMetric backpressureLag;
    final LatencyMetric[] decode;
    final CounterMetric responses;
    final CounterMetric interims;
    final CounterMetric mediaMillis;
    final CounterMetric sessionsOk;
    final CounterMetric sendNotReady;
    final CounterMetric unrecordedResults;
    final CounterMetric[] failedAt;

    /** Suffixes of the decode-timing metrics, in {@link ResponseInspector#timing} order. */
    static final String[] DECODE_PARTS = {"buffer_wait", "queue_wait", "inference", "emit", "total"};

    /**
     * @param audio true when the media is audio: only then is {@code <prefix>.rtf} registered
     *              (a real-time factor of text offsets or other media means nothing)
     */
    public StreamMetrics(ScenarioContext context, String prefix, boolean decodeTiming, boolean audio) {
        firstResponse = context.latency(RunResult.TIME_TO_FIRST_EVENT, "stream start to the first response");
        interimLatency = context.latency(
                prefix + ".interim_latency",
                "interim result received minus the send time of the request that completed the media it covers");
        finalLatency = context.latency(prefix + ".final_latency", "last request sent to final result received");
        sendDuration = context.latency(prefix + ".send_duration", "first request sent to last request sent");
        tailDuration = context.latency(prefix + ".tail_duration", "last request sent to end of stream");
        totalDuration = context.latency(prefix + ".session_duration", "stream start to end of stream");
        // A ratio kept in a latency histogram as session nanoseconds per second of audio, so
        // 1 s reads as real time and higher is slower (worse), as every latency is judged.
        realTimeFactor = audio
                ? context.latency(
                        prefix + ".rtf",
                        "real-time factor as session time per second of audio (1 s = real time; higher is slower)")
                : null;
        sendLag = context.generatorLatency(
                SEND_LAG, "a request's actual send time minus its planned send time (not held back by the server)");
        backpressureLag = context.latency(
                BACKPRESSURE_LAG,
                "a request's actual send time minus its planned send time, when it waited for the server's"
                        + " flow control");
        decode = new LatencyMetric[decodeTiming ? DECODE_PARTS.length : 0];
        for (int i = 0; i < decode.length; i++) {
            decode[i] = context.latency(
                    prefix + ".decode." + DECODE_PARTS[i],
                    "server DecodeTiming." + DECODE_PARTS[i] + " of each result");
        }
        responses = context.counter(prefix + ".responses", "responses");
        interims = context.counter(prefix + ".interims", "results");
        mediaMillis = context.counter(prefix + ".media_ms", "ms of media sent");
        sessionsOk = context.counter(prefix + ".sessions_ok", "sessions");
        sendNotReady = context.counter(prefix + ".send_not_ready", "requests");
        unrecordedResults = context.counter(prefix + ".results_unrecorded", "results");
        SessionStage[] stages = SessionStage.values();
        failedAt = new CounterMetric[stages.length];
        for (SessionStage stage : stages) {
            failedAt[stage.ordinal()] = context.counter(prefix + ".failed_at." + stage.label(), "sessions");
        }
    }
}
