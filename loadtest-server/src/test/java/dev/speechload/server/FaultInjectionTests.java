package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each fault has the effect it claims, observed from outside (metrics endpoint, client
 * timings). The crash fault is tested on a real process (CrashFaultIT).
 */
class FaultInjectionTests {

    private static SttOutcome shortSession(TestServers.Running server) {
        return SttClient.recognize(
                server.channel(), Request.of(Pcm.speechLike(16_000, 300)).withPartials(false));
    }

    @Test
    void leakFaultRaisesResidentMemory() throws Exception {
        long leakBytes = 16L * 1024 * 1024;
        try (TestServers.Running server =
                TestServers.start("--fault-leak-bytes-per-request", Long.toString(leakBytes))) {
            double before = server.metrics().path("memory_rss_mb").asDouble();
            for (int i = 0; i < 8; i++) {
                assertThat(shortSession(server).status().isOk()).isTrue();
            }
            double after = server.metrics().path("memory_rss_mb").asDouble();
            // 8 x 16 MiB leaked; allow for other memory moving a little in either direction.
            assertThat(after - before).isGreaterThan(96);
            assertThat(server.server().faults().leakedBytes()).isEqualTo(8 * leakBytes);
        }
    }

    @Test
    void fdLeakFaultRaisesOpenDescriptors() throws Exception {
        try (TestServers.Running server = TestServers.start("--fault-fd-leak-every", "2")) {
            // The server runs in this JVM, whose descriptor count also moves as earlier tests' sockets
            // close (measured: 8 where 10 leaked), so count the descriptors the fault opens: /dev/null.
            long before = openOnDevNull();
            for (int i = 0; i < 20; i++) {
                shortSession(server);
            }
            assertThat(openOnDevNull() - before)
                    .as("descriptors left open on /dev/null")
                    .isEqualTo(10);
            assertThat(server.server().faults().leakedDescriptors()).isEqualTo(10);
        }
    }

    /** This process's open descriptors on /dev/null, from /proc/self/fd. */
    private static long openOnDevNull() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc (Linux)");
        long count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("/dev/null")) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed while listing: not one of the leaked, which stay open
                }
            }
        }
        return count;
    }

    @Test
    void latencyFaultDelaysEveryResult() throws Exception {
        try (TestServers.Running server = TestServers.start("--fault-latency-ms", "600", "--engine-rtf", "0")) {
            SttOutcome outcome = shortSession(server);
            assertThat(outcome.status().isOk()).isTrue();
            assertThat(outcome.finalLatencyMillis()).isGreaterThanOrEqualTo(600);
            assertThat(outcome.finals().get(0).getTiming().getTotalUs()).isGreaterThanOrEqualTo(600_000);
        }
    }

    @Test
    void noFaultMeansNoInjectedLatency() throws Exception {
        try (TestServers.Running server = TestServers.start("--engine-rtf", "0")) {
            // A loose bound: without the fault, the server adds far less than the 600 ms above.
            RecognitionResult result = shortSession(server).finals().get(0);
            assertThat(result.getTiming().getInferenceUs()).isLessThan(500_000);
        }
    }

    @Test
    void stallFaultFreezesDecodes() throws Exception {
        // Frozen for 1.2 s of every 1.5 s (after the first 1.5 s): most decodes wait in the gate.
        try (TestServers.Running server =
                TestServers.start("--fault-stall-ms", "1200", "--fault-stall-every-ms", "1500", "--engine-rtf", "0")) {
            long maxQueueWaitUs = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (maxQueueWaitUs < 500_000 && System.nanoTime() < deadline) {
                SttOutcome outcome = shortSession(server);
                assertThat(outcome.status().isOk()).isTrue();
                maxQueueWaitUs = Math.max(
                        maxQueueWaitUs, outcome.finals().get(0).getTiming().getQueueWaitUs());
            }
            assertThat(maxQueueWaitUs).as("a decode waited out a stall").isGreaterThanOrEqualTo(500_000);
        }
    }
}
