package dev.speechload.suites.tts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.sse.SseEvent;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.TextSource;
import dev.speechload.sse.TtsScenario;
import dev.speechload.sse.corpus.StressCorpus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection churn: clients connect, read the first few events of a long stream, hang up, and
 * do it again, hundreds of times. A server that keeps something per abandoned stream (a thread
 * still synthesizing, a socket never closed) shows it here: afterwards its open files must be
 * back at the starting level, no SSE stream may still be open, and its threads must stay bounded
 * by the number of clients connected at once (three per client), not grow with the hundreds of
 * connections made; the HTTP executor keeps idle threads for 60 s, and at full scale the test
 * waits for them to go. Counts are the server's {@code /metrics}, read the same way before and
 * after. Smoke: 4 clients for 10 s; full: 32 clients for 5 minutes.
 */
@DisplayName("TTS connection churn")
class TtsConnectionChurnSuite {

    private static final Logger LOG = LoggerFactory.getLogger(TtsConnectionChurnSuite.class);
    /** Events read before hanging up: the chunk announcement and three audio frames. */
    private static final long EVENTS_READ = 4;

    private static final long THREAD_TOLERANCE = 2;

    /**
     * Short chunks (40 characters, about 3 s of audio) and a light engine: the first events come
     * quickly, so clients hang up mid-stream many times a second, and the test measures the
     * handling of connections, not synthesis.
     */
    @LoadTarget
    static Target server() {
        return TtsServers.referenceServer("--tts-max-chars", "40", "--tts-rtf", "0.01");
    }

    @LoadTest(channels = 32, duration = "5m", sampleInterval = "500ms")
    @Smoke(channels = 4, duration = "10s")
    void abandonedStreamsLeaveNoFilesOrThreadsBehind(LoadContext load) throws Exception {
        TtsServers.warmUp(load.endpoints(), Duration.ofSeconds(3));
        List<String> texts = List.of(StressCorpus.longText(1_500, 11), StressCorpus.longText(1_500, 12));
        TtsScenario hangUpEarly = TtsScenario.create(TextSource.cycling(texts))
                .withOptions(SseOptions.defaults().withReadTimeout(Duration.ofSeconds(10)))
                .withSseScenario(s -> s.withEndEvent(TtsConnectionChurnSuite::isFourthEvent));
        JsonNode before = TtsServers.metrics(load.endpoints());
        RunResult result = load.run(hangUpEarly);

        ResourceSummary server = result.server();
        long fdsBefore = before.path("num_fds").asLong();
        long threadsBefore = before.path("num_threads").asLong();
        // An abandoned stream's thread ends at its next write, after the chunk it is working on,
        // while its client already connected again: up to about three threads per client.
        long threadBound = threadsBefore + 3L * load.plan().channels() + THREAD_TOLERANCE;
        JsonNode after = TtsServers.awaitMetrics(
                load.endpoints(),
                Duration.ofSeconds(15),
                m -> m.path("active_streams").path("sse").asInt() == 0
                        && m.path("num_fds").asLong() <= fdsBefore
                        && m.path("num_threads").asLong() <= threadBound);
        long churned = result.counters().get("sse.streams_ok").total();
        LOG.info(
                "{}: {} streams abandoned after {} events; fds {} -> {} (peak {}), threads {} -> {} (peak {}); {}",
                load.testName(),
                churned,
                EVENTS_READ,
                fdsBefore,
                after.path("num_fds").asLong(),
                server.openFds().peak(),
                threadsBefore,
                after.path("num_threads").asLong(),
                server.threads().peak(),
                "server: " + after.path("tts_streams_aborted") + " streams aborted");

        assertThat(result.errors().byCode()).as("errors by code").isEmpty();
        assertThat(churned)
                .as("streams abandoned")
                .isGreaterThanOrEqualTo(5L * load.plan().channels());
        assertThat(after.path("active_streams").path("sse").asInt())
                .as("SSE streams still open: " + after)
                .isZero();
        assertThat(after.path("num_fds").asLong())
                .as("open files after the churn: " + after + ", before: " + before)
                .isLessThanOrEqualTo(fdsBefore);
        assertThat(after.path("num_threads").asLong())
                .as("threads after the churn: " + after)
                .isLessThanOrEqualTo(threadBound);
        if (load.settings().scale() == dev.speechload.core.config.Scale.FULL) {
            JsonNode idle = TtsServers.awaitMetrics(
                    load.endpoints(),
                    Duration.ofSeconds(90),
                    m -> m.path("num_threads").asLong() <= threadsBefore + THREAD_TOLERANCE);
            assertThat(idle.path("num_threads").asLong())
                    .as("threads 90 s after the churn: " + idle)
                    .isLessThanOrEqualTo(threadsBefore + THREAD_TOLERANCE);
        }
    }

    private static boolean isFourthEvent(SseEvent event) {
        return String.valueOf(EVENTS_READ).equals(event.id());
    }
}
