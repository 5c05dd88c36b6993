package dev.speechload.suites.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Shutdown;
import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.SseSession;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.TextSource;
import dev.speechload.sse.TtsScenario;
import dev.speechload.sse.corpus.StressCorpus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TTS shutdown with streams open: clients are mid-stream when the server gets SIGTERM. It must
 * refuse new requests (503, ERR1005), let open streams run for its grace period, then close the
 * rest and exit 0, within the grace period and a margin; and every client must see its stream
 * end (done, an error event or the connection closing), none left waiting. The server runs as a
 * process of this test (it is signalled and ends), so the test is a plain JUnit test. Smoke:
 * 4 clients, 3 s grace; full: 32 clients, 10 s grace.
 */
@Tag("load")
@DisplayName("TTS shutdown with active streams")
class TtsShutdownSuite {

    private static final Logger LOG = LoggerFactory.getLogger(TtsShutdownSuite.class);
    /** Time allowed beyond the grace period: the JVM's exit and the kernel's report of it. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    @Test
    void everyClientSeesItsStreamEndAndTheServerExitsWithinItsGrace() throws Exception {
        boolean full = Settings.fromSystem().scale() == Scale.FULL;
        int clients = full ? 32 : 4;
        Duration grace = full ? Duration.ofSeconds(10) : Duration.ofSeconds(3);
        // Texts of about 4,000 characters in 40-character chunks: minutes of audio, so streams are
        // still running when the grace ends and the server has to close them.
        TtsScenario scenario = TtsScenario.create(
                        TextSource.cycling(List.of(StressCorpus.longText(4_000, 21), StressCorpus.longText(4_000, 22))))
                .withOptions(SseOptions.defaults()
                        .withReadTimeout(Duration.ofSeconds(30))
                        .withStreamTimeout(Duration.ofMinutes(5)));
        try (ProcessTarget server = TtsServers.referenceServer(
                "--shutdown-grace", grace.toMillis() + "ms", "--tts-rtf", "0.01", "--tts-max-chars", "40")) {
            server.start();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try (SseSession session = scenario.open(server.endpoints().http(), clients + 1)) {
                List<Future<StreamOutcome>> streams = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int channel = c;
                    streams.add(pool.submit(() -> session.stream(channel, 0)));
                }
                var open = TtsServers.awaitMetrics(
                        server.endpoints(),
                        Duration.ofSeconds(30),
                        m -> m.path("active_streams").path("sse").asInt() >= clients);
                assertThat(open.path("active_streams").path("sse").asInt())
                        .as("streams open before SIGTERM: " + open)
                        .isEqualTo(clients);

                long signalledAt = System.nanoTime();
                server.signalTerm();
                // SIGTERM reaches the JVM a moment later: ask for a new stream once it is draining.
                int health = TtsServers.awaitHealthStatus(server.endpoints(), Duration.ofSeconds(5), 503);
                assertThat(health).as("GET /health after SIGTERM").isEqualTo(503);
                StreamOutcome refused = session.stream(clients, 0);
                Optional<Shutdown> shutdown =
                        server.awaitShutdown(grace.plus(MARGIN).plus(MARGIN));
                List<StreamOutcome> outcomes = new ArrayList<>();
                for (Future<StreamOutcome> f : streams) {
                    outcomes.add(f.get(grace.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS));
                }
                long clientsEndedMillis = (System.nanoTime() - signalledAt) / 1_000_000;
                LOG.info(
                        "TTS shutdown: {} streams open; server exited {}; all clients saw the end within {} ms;"
                                + " new request during the drain: {}; outcomes: {}",
                        clients,
                        shutdown,
                        clientsEndedMillis,
                        refused,
                        outcomes);

                assertThat(refused.errorCode())
                        .as("a new request during the drain: " + refused)
                        .isEqualTo("HTTP_503_ERR1005");
                assertThat(shutdown)
                        .as("server exit within grace %s + %s", grace, MARGIN.plus(MARGIN))
                        .isPresent();
                assertThat(shutdown.get().exitCode()).as("exit code").isZero();
                assertThat(shutdown.get().duration())
                        .as("time from SIGTERM to exit")
                        .isLessThanOrEqualTo(grace.plus(MARGIN));
                for (StreamOutcome o : outcomes) {
                    // The end a client sees: done, or the server closing the stream (an error
                    // event or the connection). Never a client still waiting (STALL, TIMEOUT).
                    assertThat(o.ok() || o.kind() == SseErrorKind.RESET || o.kind() == SseErrorKind.SERVER_ERROR)
                            .as("client saw its stream end: " + o)
                            .isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
