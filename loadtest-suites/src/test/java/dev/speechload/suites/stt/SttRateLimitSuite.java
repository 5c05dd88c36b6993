package dev.speechload.suites.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.SessionLogging;
import dev.speechload.grpc.SttScenario;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

/**
 * The server's audio rate limit ({@code --rate-limit-factor 2}: at most 2 x real time, with a
 * burst of 2 s of audio): streams sent at 8 x real time end with ERR2003, each counted in the
 * server's {@code rate_limit_blocks}; streams at real time never do. Both tests share one server
 * and read the counter before and after their own run.
 */
@DisplayName("STT rate limit")
class SttRateLimitSuite {

    private static final String RATE_LIMITED = "ERR2003";

    @LoadTarget
    static Target server(Settings settings) {
        return SuiteTargets.referenceServer(
                settings, "--rate-limit-factor", "2", "--rate-limit-window", "1s", "--engine-rtf", "0.01");
    }

    /** 4 s of audio at 8 x real time: after 0.5 s the client has sent 4 s, the bucket allows 3 s. */
    @LoadTest(channels = 40, duration = "30s")
    @Smoke(channels = 4, duration = "3s")
    @Regression(errorRateFailPercent = SuiteGates.ERRORS_EXPECTED_PERCENT)
    void endsStreamsAboveTheLimitWithErr2003(LoadContext load) throws Exception {
        SttScenario fast = SttScenario.create(AudioSources.whiteNoise(Duration.ofSeconds(4), 16_000, 3))
                .withSpeed(8.0)
                .withName("stt-above-rate-limit")
                .withSessionLogging(SessionLogging.besideResult(load));
        URI http = load.endpoints().http();
        long blocksBefore = MetricsPoller.read(http).path("rate_limit_blocks").asLong();

        RunResult result = load.run(fast);

        long blocks = MetricsPoller.read(http).path("rate_limit_blocks").asLong() - blocksBefore;
        assertThat(result.errors().byCode()).as("errors by code").containsOnlyKeys(RATE_LIMITED);
        long limited = result.errors().byCode().get(RATE_LIMITED);
        assertThat(limited).as("sessions ended with " + RATE_LIMITED).isPositive();
        assertThat(blocks)
                .as("rate_limit_blocks counted by the server during the run")
                .isGreaterThanOrEqualTo(limited);
    }

    /** 1.5 s of audio at real time, half the limit: no stream is limited. */
    @LoadTest(channels = 40, duration = "30s")
    @Smoke(channels = 4, duration = "4s")
    void letsStreamsBelowTheLimitThrough(LoadContext load) throws Exception {
        SttScenario realtime = SttScenario.create(AudioSources.whiteNoise(Duration.ofMillis(1500), 16_000, 5))
                .withSpeed(1.0)
                .withName("stt-below-rate-limit")
                .withSessionLogging(SessionLogging.besideResult(load));
        URI http = load.endpoints().http();
        long blocksBefore = MetricsPoller.read(http).path("rate_limit_blocks").asLong();

        RunResult result = load.run(realtime);

        long blocks = MetricsPoller.read(http).path("rate_limit_blocks").asLong() - blocksBefore;
        assertThat(result.errors().byCode())
                .as("errors by code")
                .doesNotContainKey(RATE_LIMITED)
                .isEmpty();
        assertThat(Counters.total(result, "stt.sessions_ok"))
                .as("sessions with a final result")
                .isPositive();
        assertThat(blocks)
                .as("rate_limit_blocks counted by the server during the run")
                .isZero();
    }
}
