package dev.speechload.suites.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Regression;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Shutdown;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SessionLogging;
import dev.speechload.grpc.SttScenario;
import java.time.Duration;
import java.util.Set;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.DisplayName;

/**
 * Graceful shutdown under load: SIGTERM reaches the server (a local process, {@code
 * --shutdown-grace 3s}) while every channel has a stream open. Even channels stream 1 s sessions,
 * which end within the grace: they must get their final result. Odd channels stream 10 s
 * sessions, which cannot: they must be closed with a clear status (ERR2005 / UNAVAILABLE), never
 * hang. Sessions started after the signal must be refused the same way, and the server must exit
 * 0 within its grace (plus the JVM's exit time). The shutdown time is reported in the result as
 * {@value #SHUTDOWN_TIME}, with counters {@code stt.shutdown.*}, and logged.
 *
 * <p>A channel whose session failed waits 200 ms before its next one (a client backing off), so
 * refused sessions are not a busy loop; that wait is inside the failed iterations' service time.
 * Needs a process target (it signals the process): skipped with {@code loadtest.target=container}.
 */
@DisplayName("STT graceful shutdown")
class SttShutdownSuite {

    static final String SHUTDOWN_TIME = "server.shutdown_time";
    private static final Duration GRACE = Duration.ofSeconds(3);
    /** The exit after the grace: closing streams, stopping gRPC and HTTP, the JVM's own exit. */
    private static final Duration EXIT_ALLOWANCE = Duration.ofSeconds(8);

    private static final Set<String> CLEAR_STATUSES = Set.of("ERR2005", "UNAVAILABLE");

    private static volatile ProcessTarget process;

    @LoadTarget
    static Target server(Settings settings) {
        Target target = SuiteTargets.processOnly(
                settings,
                "SttShutdownSuite sends SIGTERM to the server's process",
                "--shutdown-grace",
                GRACE.toSeconds() + "s",
                "--engine-rtf",
                "0.01");
        if (target instanceof ProcessTarget p) {
            process = p.withShutdownGrace(GRACE.plus(EXIT_ALLOWANCE));
        }
        return target;
    }

    // compare = false: the test sends SIGTERM to its server, so there is no second build to pair it with.
    @LoadTest(channels = 80, duration = "1m", compare = false)
    @Smoke(channels = 8, duration = "8s")
    @Regression(errorRateFailPercent = SuiteGates.ERRORS_EXPECTED_PERCENT)
    void drainsOpenStreamsAndExitsCleanlyOnSigterm(LoadContext load) throws Exception {
        ShutdownScenario.Metrics metrics = new ShutdownScenario.Metrics(
                load.latency(SHUTDOWN_TIME, "SIGTERM sent to the server until its process exited"),
                load.counter("stt.shutdown.drained", "sessions open at SIGTERM that got their final"),
                load.counter("stt.shutdown.closed", "sessions open at SIGTERM closed with a status"),
                load.counter("stt.shutdown.refused", "sessions started after SIGTERM and refused"),
                load.counter("stt.shutdown.accepted", "sessions started after SIGTERM that got a final"),
                load.counter("stt.shutdown.streams_at_sigterm", "streams"));
        SttScenario shortSessions =
                session(Duration.ofSeconds(1)).withSessionLogging(SessionLogging.besideResult(load, "short"));
        SttScenario longSessions =
                session(Duration.ofSeconds(10)).withSessionLogging(SessionLogging.besideResult(load, "long"));
        ShutdownWatch watch = new ShutdownWatch(
                process,
                load.endpoints().http(),
                load.plan().channels(),
                Duration.ofMillis(500),
                Duration.ofSeconds(15),
                GRACE.plus(EXIT_ALLOWANCE));
        watch.start();

        RunResult result = load.run(new ShutdownScenario(shortSessions, longSessions, watch, metrics));

        assertThat(watch.await(GRACE.plus(EXIT_ALLOWANCE).plusSeconds(5)))
                .as("the shutdown watch finished")
                .isTrue();
        assertThat(watch.failure()).as("failure of the shutdown watch").isNull();
        Shutdown shutdown = watch.shutdown();
        assertThat(shutdown)
                .as(
                        "the server exited within %s s of SIGTERM",
                        GRACE.plus(EXIT_ALLOWANCE).toSeconds())
                .isNotNull();
        assertThat(shutdown.exitCode()).as("exit code").isZero();
        assertThat(shutdown.killed()).as("killed").isFalse();
        assertThat(shutdown.duration()).as("SIGTERM to exit").isLessThanOrEqualTo(GRACE.plus(EXIT_ALLOWANCE));
        assertThat(watch.streamsAtSignal()).as("streams open at SIGTERM").isPositive();

        assertThat(result.errors().byCode().keySet())
                .as("error codes of the sessions that did not end with a final")
                .isSubsetOf(CLEAR_STATUSES);
        assertThat(total(result, "stt.shutdown.drained"))
                .as("short sessions open at SIGTERM that got their final")
                .isPositive();
        assertThat(total(result, "stt.shutdown.closed"))
                .as("long sessions open at SIGTERM closed with a status")
                .isPositive();
        assertThat(total(result, "stt.shutdown.refused"))
                .as("sessions refused after SIGTERM")
                .isPositive();
        assertThat(total(result, "stt.shutdown.accepted"))
                .as("sessions accepted after SIGTERM")
                .isZero();
        assertThat(total(result, "iterations.cut"))
                .as("sessions still hanging after the run")
                .isZero();
        assertThat(result.latency(SHUTDOWN_TIME).count())
                .as("shutdown time recorded")
                .isEqualTo(1);
        assertThat(result.latency(SHUTDOWN_TIME).maxNanos())
                .as("recorded shutdown time")
                .isCloseTo(shutdown.duration().toNanos(), Percentage.withPercentage(1));
        assertThat(total(result, "stt.shutdown.streams_at_sigterm")).isEqualTo(watch.streamsAtSignal());
    }

    private static SttScenario session(Duration audio) {
        return SttScenario.create(AudioSources.whiteNoise(audio, 16_000, 13))
                .withSpeed(1.0)
                .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofSeconds(10)))
                .withName("stt-shutdown-" + audio.toSeconds() + "s");
    }

    private static long total(RunResult result, String counter) {
        return Counters.total(result, counter);
    }
}
