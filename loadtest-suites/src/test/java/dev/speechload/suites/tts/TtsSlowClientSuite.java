package dev.speechload.suites.tts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.sse.corpus.StressCorpus;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow-client isolation: a few clients open long streams and stop reading, so the server's
 * writes to them block; the other clients must not notice. The same fast load runs twice against
 * the same server, first alone, then beside the stalled clients, and the p99 of the time between
 * a fast client's audio frames ({@code sse.event_gap}) beside them must stay within
 * {@link #bound(long)}: at most three times the p99 alone, or the p99 alone plus 250 ms, whichever
 * is larger. A server that let one blocked write hold up the others (one writer thread, a shared
 * lock) would show gaps of seconds, or read-timeout failures. Smoke: 4 fast clients for 8 s each
 * run, 3 stalled; full: 16 fast clients for 2 minutes, 8 stalled.
 */
@DisplayName("TTS slow-client isolation")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TtsSlowClientSuite {

    private static final Logger LOG = LoggerFactory.getLogger(TtsSlowClientSuite.class);
    private static final String EVENT_GAP = "sse.event_gap";
    /** p99 of the fast clients' frame gap without stalled clients; set by the first test. */
    private static volatile long aloneGapP99Nanos = -1;

    /** Short chunks, a light engine: frames flow steadily, so gaps measure delivery, not synthesis. */
    @LoadTarget
    static Target server() {
        return TtsServers.referenceServer("--tts-max-chars", "40", "--tts-rtf", "0.01");
    }

    @Order(1)
    @LoadTest(channels = 16, duration = "2m", sampleInterval = "500ms")
    @Smoke(channels = 4, duration = "8s")
    void fastClientsAlone(LoadContext load) throws Exception {
        TtsServers.warmUp(load.endpoints(), Duration.ofSeconds(3));
        RunResult result = load.run(TtsServers.scenario());

        assertThat(result.errors().byCode()).as("errors by code").isEmpty();
        LatencySummary gap = result.latency(EVENT_GAP);
        assertThat(gap.count()).as("frame gaps measured").isPositive();
        aloneGapP99Nanos = gap.p99Nanos();
        LOG.info("{}: frame gap p50 {} ms, p99 {} ms", load.testName(), gap.p50Nanos() / 1e6, gap.p99Nanos() / 1e6);
    }

    @Order(2)
    // compare = false: the stalled clients hold the candidate's streams only, so pairs would measure
    // them, not the build.
    @LoadTest(channels = 16, duration = "2m", sampleInterval = "500ms", compare = false)
    @Smoke(channels = 4, duration = "8s")
    void fastClientsBesideStalledClients(LoadContext load) throws Exception {
        int stalled = Math.max(3, load.plan().channels() / 2);
        try (StalledClients slow =
                StalledClients.open(load.endpoints().http(), stalled, StressCorpus.longText(4_000, 31))) {
            // Let the stalled streams fill their socket buffers and block before measuring.
            TtsServers.warmUp(load.endpoints(), Duration.ofSeconds(3));
            RunResult result = load.run(TtsServers.scenario());
            JsonNode during = TtsServers.metrics(load.endpoints());

            LatencySummary gap = result.latency(EVENT_GAP);
            LOG.info(
                    "{}: {} stalled clients; frame gap p50 {} ms, p99 {} ms (alone: p99 {} ms); server {}",
                    load.testName(),
                    stalled,
                    gap.p50Nanos() / 1e6,
                    gap.p99Nanos() / 1e6,
                    aloneGapP99Nanos / 1e6,
                    during.path("active_streams"));
            assertThat(during.path("active_streams").path("sse").asInt())
                    .as("streams open on the server after the fast load: the stalled ones are still there")
                    .isGreaterThanOrEqualTo(stalled);
            assertThat(result.errors().byCode())
                    .as("errors by code of the fast clients")
                    .isEmpty();
            assertThat(gap.count()).as("frame gaps measured").isPositive();
            assertThat(aloneGapP99Nanos)
                    .as("p99 frame gap of the fast clients alone (run fastClientsAlone first)")
                    .isPositive();
            assertThat(gap.p99Nanos())
                    .as("p99 frame gap beside %d stalled clients, ns", stalled)
                    .isLessThanOrEqualTo(bound(aloneGapP99Nanos));
        }
    }

    /** The stated bound: 3 x the p99 alone, or the p99 alone + 250 ms, whichever is larger. */
    static long bound(long aloneP99Nanos) {
        return Math.max(
                3 * aloneP99Nanos, aloneP99Nanos + Duration.ofMillis(250).toNanos());
    }
}
