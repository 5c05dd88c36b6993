package dev.speechload.grpc.internal;

import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;

/**
 * The metric handles of an {@link ExchangeDriver}, registered at set-up under a prefix; only the
 * ones that apply to the call's shape exist (null otherwise). Immutable. Not API.
 */
final class ExchangeMetrics {

    final LatencyMetric firstResponse;
    /** Call start to its end with OK ({@code <prefix>.latency}; a conversation's {@code session_duration}). */
    final LatencyMetric duration;
    /** Conversation: a message sent to the response that ends the server's turn. */
    final LatencyMetric roundTrip;
    /** Client streaming: half-close to the response. */
    final LatencyMetric finalLatency;
    /** Conversation with think time: a reply's actual send time minus its planned one (generator lag). */
    final LatencyMetric sendLag;

    final CounterMetric responses;
    final CounterMetric requestsSent;
    final CounterMetric rounds;
    final CounterMetric ok;

    ExchangeMetrics(ScenarioContext context, String prefix, ExchangeShape shape, boolean thinkTime) {
        boolean conversation = shape == ExchangeShape.CONVERSATION;
        firstResponse = context.latency(RunResult.TIME_TO_FIRST_EVENT, "call start to the first response");
        duration = conversation
                ? context.latency(prefix + ".session_duration", "stream start to its end with OK")
                : context.latency(prefix + ".latency", "call start to its end with OK");
        roundTrip = conversation
                ? context.latency(prefix + ".round_trip", "a message sent to the response that ends the server's turn")
                : null;
        finalLatency = shape == ExchangeShape.CLIENT_STREAMING
                ? context.latency(prefix + ".final_latency", "last request sent (half-close) to the response")
                : null;
        sendLag = conversation && thinkTime
                ? context.generatorLatency(
                        StreamMetrics.SEND_LAG,
                        "a request's actual send time minus its planned send time (not held back by the server)")
                : null;
        responses = context.counter(prefix + ".responses", "responses");
        requestsSent = shape == ExchangeShape.UNARY || shape == ExchangeShape.SERVER_STREAMING
                ? null
                : context.counter(prefix + ".requests_sent", "requests");
        rounds = conversation ? context.counter(prefix + ".rounds", "round trips") : null;
        ok = context.counter(
                prefix + (conversation ? ".sessions_ok" : ".calls_ok"), conversation ? "sessions" : "calls");
    }
}
