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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Example 4: the open workload model, coordinated omission, and SERVICE_TIME vs RESPONSE_TIME.
 *
 * <p><b>Closed vs open.</b> By default a load test is <em>closed</em>: each channel starts its next
 * iteration when the last one ended. When the server stalls, the channels wait, and so stop
 * offering load: a stall of one second costs each channel one slow sample, and the requests that
 * real users would have sent during that second are never sent, never timed. The percentiles look
 * fine while users waited. That is <em>coordinated omission</em>: the load generator coordinates
 * with the server and omits exactly the bad measurements.
 *
 * <p>Real users do not wait for each other: they arrive at a rate. {@code arrivalRate} (per second,
 * at full scale) switches a test to the <em>open</em> model: iterations are due on a fixed schedule
 * whatever the server does, and {@code channels} becomes the cap on iterations in flight. When
 * every channel is busy, arrivals queue, and that wait is part of what they experience.
 *
 * <p><b>Two latencies.</b> The engine records both, and you read both from the
 * {@link dev.speechload.core.result.RunResult RunResult} by name:
 * <ul>
 *   <li>{@code SERVICE_TIME}: from the iteration's <em>actual</em> start to its end: what
 *       the server did once it got the request;</li>
 *   <li>{@code RESPONSE_TIME}: from its <em>intended</em> start (the arrival's scheduled
 *       time) to its end: what a user experienced, queueing behind a stall included.</li>
 * </ul>
 * Judge user experience on {@code response_time}. (A closed test can record it too, with
 * {@code expectedInterval}: HdrHistogram's correction then adds the samples a stalled channel
 * missed.)
 *
 * <p><b>This example</b> makes the difference visible: the reference server runs with its stall
 * fault (every 2 s, all decodes freeze for 400 ms); short STT sessions (0.3 s of audio at 4 x real
 * time, final only) arrive at 10 per second (smoke) on at most 2 channels. During a stall both
 * channels hang and the next arrivals queue for a worker: their service time looks normal, their
 * response time carries the wait. {@code arrivals.missed} counts arrivals due before the end that
 * never started (an overloaded generator or server shows here: they have no latency at all).
 */
class Example04_OpenModel {

    private static final Logger LOG = LoggerFactory.getLogger(Example04_OpenModel.class);
    private static final Duration STALL = Duration.ofMillis(400);
    private static final String[] STALL_EVERY_TWO_SECONDS = {
        "--fault-stall-ms", String.valueOf(STALL.toMillis()), "--fault-stall-every-ms", "2000"
    };

    @LoadTarget
    static Target server(Settings settings) {
        return settings.target() == TargetKind.CONTAINER
                ? referenceServerContainer().withCommand(STALL_EVERY_TWO_SECONDS)
                : referenceServer(STALL_EVERY_TWO_SECONDS);
    }

    // Full scale: 50 arrivals/s on at most 10 channels for a minute. Smoke: the rate x @Smoke factor
    // (10/s), 2 channels, 5 s measured after 0.5 s of warm-up arrivals.
    @LoadTest(arrivalRate = 50, channels = 10, warmup = "6s", duration = "1m")
    @Smoke(factor = 0.2, channels = 2, duration = "5s")
    void responseTimeCountsTheWaitThatServiceTimeLeavesOut(LoadContext load) throws Exception {
        var shortSessions = stt(whiteNoise(Duration.ofMillis(300), 16_000, 7))
                .withSpeed(4.0) // 0.3 s of audio in 75 ms: the session is mostly the decode
                .withPartials(false);

        var result = load.run(shortSessions);

        var service = result.latency(SERVICE_TIME);
        var response = result.latency(RESPONSE_TIME);
        var missed = result.counters().get("arrivals.missed");
        LOG.info(
                "stall {} ms every 2 s: service_time p50 {} ms p99 {} ms; response_time p50 {} ms p99 {} ms"
                        + " max {} ms; {} arrivals, {} missed",
                STALL.toMillis(),
                millis(service.p50Nanos()),
                millis(service.p99Nanos()),
                millis(response.p50Nanos()),
                millis(response.p99Nanos()),
                millis(response.maxNanos()),
                response.count(),
                missed == null ? 0 : missed.total());

        assertThat(result.errors().byCode())
                .as("failed sessions by error code (a stall only delays)")
                .isEmpty();
        assertThat(response.count())
                .as("arrivals timed from their intended start")
                .isPositive()
                .isEqualTo(service.count());
        // Each response time is its service time plus the wait before it started, so every
        // percentile of response_time is at least that of service_time ...
        assertThat(response.p99Nanos())
                .as("response_time p99 >= service_time p99")
                .isGreaterThanOrEqualTo(service.p99Nanos());
        // ... and an arrival due during a stall waited for it: the worst response time shows it.
        assertThat(Duration.ofNanos(response.maxNanos()))
                .as("worst response time (a stall lasts %s)", STALL)
                .isGreaterThanOrEqualTo(STALL.dividedBy(2));
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
