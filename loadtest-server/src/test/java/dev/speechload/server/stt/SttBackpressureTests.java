package dev.speechload.server.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.server.TestServers;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.Poll;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The buffer and pending-decode caps are bounds, not just thresholds for interims: many streams
 * sending as fast as they can into a server with a tiny buffer cap, over real ports, while
 * {@code /metrics} is polled.
 */
class SttBackpressureTests {

    private static final int CHUNK_BYTES = Pcm.bytes(16_000, 100);
    private static final long MAX_BUFFER_BYTES = 5L * CHUNK_BYTES;
    private static final int MAX_PENDING_DECODES = 2;

    @Test
    void holdsBufferAndPendingDecodesAtTheirCapsAndStillDeliversEveryFinal() throws Exception {
        try (TestServers.Running server = TestServers.start(
                "--decode-pool-size",
                "1",
                "--max-pending-decodes",
                Integer.toString(MAX_PENDING_DECODES),
                "--max-buffer-bytes",
                Long.toString(MAX_BUFFER_BYTES),
                "--engine-rtf",
                "0.05",
                "--partial-interval-ms",
                "100")) {
            int streams = 12;
            AtomicLong peakBuffer = new AtomicLong();
            AtomicLong peakPending = new AtomicLong();
            AtomicBoolean polling = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(streams + 1);
            try {
                CompletableFuture<Void> poller = CompletableFuture.runAsync(
                        () -> {
                            while (polling.get()) {
                                JsonNode m = server.metrics();
                                peakBuffer.accumulateAndGet(
                                        m.path("buffer_bytes_total").asLong(), Math::max);
                                peakPending.accumulateAndGet(
                                        m.path("decode_pending").asLong(), Math::max);
                            }
                        },
                        clients);
                List<CompletableFuture<SttOutcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    // Half the streams without partials: their audio is only freed by drain decodes.
                    boolean partials = i % 2 == 0;
                    outcomes.add(CompletableFuture.supplyAsync(
                            () -> SttClient.recognize(
                                    server.channel(),
                                    Request.of(Pcm.speechLike(16_000, 3_000)).withPartials(partials)),
                            clients));
                }
                for (CompletableFuture<SttOutcome> future : outcomes) {
                    SttOutcome outcome = future.get();
                    assertThat(outcome.status().isOk())
                            .as(outcome.status().toString())
                            .isTrue();
                    assertThat(outcome.finals()).hasSize(1);
                    assertThat(outcome.finals().get(0).getAudioEndMs()).isEqualTo(3_000);
                }
                polling.set(false);
                poller.get();
            } finally {
                clients.shutdownNow();
            }

            JsonNode metrics = server.metrics();
            assertThat(metrics.path("partial_drop_count").asLong())
                    .as("interims dropped")
                    .isPositive();
            assertThat(metrics.path("final_results_total").asLong()).isEqualTo(streams);
            assertThat(peakBuffer.get())
                    .as("peak buffer_bytes_total (cap %d B, chunk %d B)", MAX_BUFFER_BYTES, CHUNK_BYTES)
                    .isLessThanOrEqualTo(MAX_BUFFER_BYTES + CHUNK_BYTES)
                    .isGreaterThanOrEqualTo(MAX_BUFFER_BYTES / 2);
            assertThat(peakPending.get())
                    .as("peak decode_pending")
                    .isPositive()
                    .isLessThanOrEqualTo(MAX_PENDING_DECODES);
            Poll.until(TestServers.PATIENCE, "buffer and decodes drained", () -> {
                JsonNode m = server.metrics();
                return m.path("buffer_bytes_total").asLong() == 0
                        && m.path("decode_pending").asInt() == 0;
            });
        }
    }
}
