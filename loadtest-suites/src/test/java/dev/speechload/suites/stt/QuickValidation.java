package dev.speechload.suites.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SessionLogging;
import dev.speechload.grpc.SttScenario;
import java.time.Duration;

/**
 * The quick validation shared by the process and container suites: short noise sessions with
 * partials, paced at 4 x real time, and the checks a user expects of a healthy server. Stateless.
 */
final class QuickValidation {

    /** Server flags: a light synthetic engine so smoke runs leave CPU for the generator. */
    static final String[] SERVER_FLAGS = {"--engine-rtf", "0.02", "--partial-interval-ms", "250"};

    private QuickValidation() {}

    /**
     * 2 s of seeded noise in 100 ms chunks at 4 x real time: a session sends for about 0.5 s.
     * Every session is logged beside the test's result.
     */
    static SttScenario scenario(LoadContext load) {
        return SttScenario.create(
                        AudioSources.whiteNoise(Duration.ofSeconds(2), AudioSources.DEFAULT_SAMPLE_RATE_HZ, 7))
                .withChunk(Duration.ofMillis(100))
                .withSpeed(4.0)
                .withPartials(true)
                .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(10)))
                .withName("stt-quick-validation")
                .withSessionLogging(SessionLogging.besideResult(load));
    }

    /**
     * Every measured session got its final result, interims came, and the run climbed every ramp
     * step. (Sessions the engine cut after the run's grace period are neither completed nor
     * failed; at most one per channel.)
     */
    static void assertHealthy(RunResult result) {
        long completed = result.throughput().completedIterations();
        long ok = Counters.total(result, "stt.sessions_ok");
        assertThat(result.errors().byCode()).as("errors by code").isEmpty();
        assertThat(ok)
                .as("sessions with a final result")
                .isGreaterThanOrEqualTo(result.plan().channels());
        assertThat(ok).as("sessions with a final result = measured sessions").isEqualTo(completed);
        assertThat(Counters.total(result, "iterations.cut"))
                .as("sessions cut after the run's grace period")
                .isLessThanOrEqualTo(result.plan().channels());
        assertThat(result.latency(SttScenario.FINAL_LATENCY).count())
                .as("final latencies")
                .isEqualTo(ok);
        assertThat(result.latency(SttScenario.INTERIM_LATENCY).count())
                .as("interim latencies")
                .isPositive();
        assertThat(result.timeSeries()).as("time series").isNotEmpty();
        assertThat(result.timeSeries().stream()
                        .mapToInt(IntervalSample::rampStep)
                        .max()
                        .orElse(0))
                .as("highest ramp step reached")
                .isEqualTo(result.plan().rampSteps());
        assertThat(result.server()).as("server resources").isNotNull();
        assertThat(result.server().memory().peakBytes()).as("server peak RSS").isPositive();
    }
}
