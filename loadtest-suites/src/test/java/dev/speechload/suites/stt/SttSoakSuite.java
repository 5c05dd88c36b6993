package dev.speechload.suites.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.SessionLogging;
import dev.speechload.grpc.SoakSignal;
import dev.speechload.grpc.SttScenario;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soak: channels stream noise in real time, session after session, for the whole run, while the
 * engine samples the server's RSS, open files and threads every 500 ms. The suite logs the
 * server's RSS, thread and descriptor deltas and checks that the series covers the run and every
 * session got its final; the regression gate judges the RSS growth against the baseline and the
 * RSS slope against its hard limit (0.1 MB/s, the default: this is the suite that watches for
 * leaks). Smoke: 5 channels for 10 s (3.3 s sessions); full: 50 channels for 10 minutes (1 minute
 * sessions). The server first runs the same load for 3 s outside the measured run, so the JVM's
 * own warm-up growth stays out of the series. (The gate judges the slope only over a long enough
 * load phase; a 10 s smoke run reports it without judging it.)
 */
@DisplayName("STT soak")
class SttSoakSuite {

    private static final Logger LOG = LoggerFactory.getLogger(SttSoakSuite.class);
    private static final long MIB = 1024 * 1024;
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    @LoadTarget
    static Target server(Settings settings) {
        return SuiteTargets.referenceServer(settings, "--engine-rtf", "0.01");
    }

    /**
     * Runs the same sessions for {@link #WARM_UP} before the measured run, outside it: a fresh
     * JVM server grows its RSS by megabytes per second in its first seconds (heap, JIT code,
     * metaspace), which would otherwise dominate the slope of a short run.
     */
    private static void warmUp(LoadContext load, SttScenario soak) throws Exception {
        LoadPlan plan = LoadPlan.closed(load.plan().channels()).withDuration(WARM_UP);
        // No grace: sessions still open at its end are cut, which is all a warm-up needs.
        new LoadRunner(plan)
                .withEndpoints(load.endpoints())
                .withGracePeriod(Duration.ZERO)
                .run(soak.withName("stt-soak-warm-up"), 0);
    }

    @LoadTest(channels = 50, duration = "10m", sampleInterval = "500ms")
    @Smoke(channels = 5, duration = "10s")
    void reportsServerMemoryAndThreadsOverTheRun(LoadContext load) throws Exception {
        // Sessions of a third of the run (at most a minute): most end inside it, the last ones in its grace.
        Duration session = load.plan().duration().dividedBy(3);
        if (session.compareTo(Duration.ofMinutes(1)) > 0) {
            session = Duration.ofMinutes(1);
        }
        SttScenario soak = SttScenario.soak(SoakSignal.NOISE, session);
        warmUp(load, soak);
        RunResult result = load.run(soak.withSessionLogging(SessionLogging.besideResult(load)));

        ResourceSummary server = result.server();
        assertThat(server).as("server resources").isNotNull();
        ResourceSummary.MemoryFigures memory = server.memory();
        LOG.info(
                "soak {}: server RSS {} MiB before, {} MiB peak, {} MiB after (growth {} MiB, slope {} KiB/s);"
                        + " threads {} -> {} (delta {}); open files {} -> {} (delta {})",
                load.testName(),
                memory.beforeBytes() / MIB,
                memory.peakBytes() / MIB,
                memory.afterBytes() / MIB,
                memory.growthBytes() / MIB,
                Math.round(memory.slopeBytesPerSecond() / 1024),
                server.threads().before(),
                server.threads().after(),
                server.threads().delta(),
                server.openFds().before(),
                server.openFds().after(),
                server.openFds().delta());

        assertThat(memory.beforeBytes()).as("RSS before the load").isPositive();
        assertThat(memory.peakBytes())
                .as("peak RSS")
                .isGreaterThanOrEqualTo(memory.beforeBytes())
                .isGreaterThanOrEqualTo(memory.afterBytes());
        assertThat(server.threads().before()).as("threads before the load").isPositive();
        assertThat(server.threads().delta())
                .as("thread delta")
                .isEqualTo(server.threads().after() - server.threads().before());
        long loadSamples = result.serverSeries().stream()
                .filter(s -> s.phase().equals("load"))
                .count();
        long expected =
                load.plan().duration().toMillis() / load.plan().sampleInterval().toMillis();
        assertThat(loadSamples)
                .as("server samples during the load (about %d)", expected)
                .isGreaterThanOrEqualTo(expected / 2);

        assertThat(result.errors().byCode()).as("errors by code").isEmpty();
        assertThat(Counters.total(result, "stt.sessions_ok"))
                .as("sessions with a final result")
                .isGreaterThanOrEqualTo(load.plan().channels());
    }
}
