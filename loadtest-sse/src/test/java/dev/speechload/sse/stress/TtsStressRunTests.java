package dev.speechload.sse.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.io.internal.Json;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import dev.speechload.sse.corpus.Category;
import dev.speechload.sse.corpus.CorpusItem;
import dev.speechload.sse.corpus.StressCorpus;
import dev.speechload.sse.testing.TestSseServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtsStressRunTests {

    /** A fake TTS server: refuses blank texts (400 ERR1001) and texts over maxChars (413 ERR1002). */
    private static final class FakeTts implements AutoCloseable {
        final int maxChars;
        final int crashAtRequest;
        final AtomicInteger requests = new AtomicInteger();
        final List<TestSseServer> started = new ArrayList<>();
        volatile TestSseServer current;

        FakeTts(int maxChars, int crashAtRequest) throws IOException {
            this.maxChars = maxChars;
            this.crashAtRequest = crashAtRequest;
            restart();
        }

        synchronized void restart() {
            try {
                TestSseServer s = TestSseServer.start();
                s.route("/v1/tts", x -> {
                    int n = requests.incrementAndGet();
                    String text = Json.mapper().readTree(x.body()).get("text").asText();
                    if (n == crashAtRequest) {
                        s.stopListening(); // the process "dies": no answer, no new connections
                        return;
                    }
                    int chars = text.codePointCount(0, text.length());
                    if (text.isBlank()) {
                        x.respond(
                                400,
                                "application/json",
                                "{\"error\":{\"code\":\"ERR1001\",\"message\":\"text is empty\"}}");
                    } else if (chars > maxChars) {
                        x.respond(
                                413,
                                "application/json",
                                "{\"error\":{\"code\":\"ERR1002\",\"message\":\"over " + maxChars + "\"}}");
                    } else {
                        x.openStream().event("1", "audio", TestSseServer.audioData(0, 1600, 16_000));
                        x.event("2", "done", TestSseServer.doneData(1));
                    }
                });
                started.add(s);
                current = s;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            started.forEach(TestSseServer::close);
        }
    }

    private FakeTts fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private static List<CorpusItem> corpus(int plain, boolean withBlank) {
        List<CorpusItem> items = new ArrayList<>(StressCorpus.generate(Category.MEDIUM, plain, 3));
        if (withBlank) {
            items.add(2, new CorpusItem(Category.EMPTY, " \n"));
        }
        return items;
    }

    @Test
    void recordsEveryRequestAndWritesTheReport(@TempDir Path dir) throws Exception {
        fake = new FakeTts(10_000, -1);
        AtomicLong rss = new AtomicLong(100_000_000);
        ResourceProbe probe = new ResourceProbe() {
            @Override
            public ResourceReading read() {
                return new ResourceReading(rss.getAndAdd(5_000_000), -1, -1);
            }

            @Override
            public String description() {
                return "fake";
            }
        };
        StressReport report = TtsStressRun.create("unit", () -> fake.current.baseUrl())
                .withCorpus(corpus(6, true))
                .withoutLimitSearch()
                .withResourceProbe(probe)
                .withResultsDir(dir)
                .run();
        assertThat(report.totalRequests()).isEqualTo(7);
        assertThat(report.ok()).isEqualTo(6);
        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.errorsByCode()).containsExactly(java.util.Map.entry("HTTP_400_ERR1001", 1));
        assertThat(report.successRatio()).isEqualTo(6 / 7.0);
        assertThat(report.medianMillis()).isPositive().isLessThanOrEqualTo(report.p95Millis());
        assertThat(report.p95Millis()).isLessThanOrEqualTo(report.maxMillis());
        assertThat(report.memoryStartBytes()).isEqualTo(100_000_000);
        assertThat(report.memoryEndBytes()).isEqualTo(105_000_000);
        assertThat(report.byCategory().get("MEDIUM")).isEqualTo(new StressReport.CategoryFigures(6, 6));
        StressRequest blank = report.requests().get(2);
        assertThat(blank.status()).isEqualTo(RequestStatus.ERROR);
        assertThat(blank.errorMessage()).contains("HTTP 400 ERR1001: text is empty");
        assertThat(report.requests().get(0).text()).hasSizeLessThanOrEqualTo(80);
        assertThat(report.requests().get(0).words()).isBetween(10, 30);

        assertThat(TtsStressRun.create("unit", fake.current.baseUrl())
                        .withResultsDir(dir)
                        .reportFile())
                .isEqualTo(dir.resolve("stress").resolve("unit.json"));
        assertThat(dir.resolve("unit-stress.json")).doesNotExist();
        StressReport read =
                Json.mapper().readValue(dir.resolve("stress/unit.json").toFile(), StressReport.class);
        assertThat(read).isEqualTo(report);
    }

    @Test
    void findsTheLengthLimitByBisection(@TempDir Path dir) throws Exception {
        fake = new FakeTts(137, -1);
        StressReport report = TtsStressRun.create("limit", fake.current.baseUrl())
                .withCorpus(List.of())
                .withLimitSearch(20, 1000, 1)
                .withResultsDir(dir)
                .run();
        assertThat(report.lengthLimit())
                .isEqualTo(new LengthLimit(137, 138, true, report.lengthLimit().probes(), 1000));
        assertThat(report.lengthLimit().probes()).isLessThanOrEqualTo(20);
    }

    @Test
    void reportsTheBracketWhenTheProbeBudgetRunsOut(@TempDir Path dir) throws Exception {
        fake = new FakeTts(137, -1);
        LengthLimit limit = TtsStressRun.create("budget", fake.current.baseUrl())
                .withCorpus(List.of())
                .withLimitSearch(4, 1000, 1)
                .withResultsDir(dir)
                .run()
                .lengthLimit();
        assertThat(limit.exact()).isFalse();
        assertThat(limit.maxCharsOk()).isLessThanOrEqualTo(137);
        assertThat(limit.minCharsFail()).isGreaterThan(137);
        assertThat(limit.probes()).isEqualTo(4);
    }

    @Test
    void countsACrashRestartsTheServerAndGoesOn(@TempDir Path dir) throws Exception {
        fake = new FakeTts(10_000, 4);
        AtomicInteger restarts = new AtomicInteger();
        StressReport report = TtsStressRun.create("crash", () -> fake.current.baseUrl())
                .withRestart(() -> {
                    restarts.incrementAndGet();
                    fake.restart();
                })
                .withCorpus(corpus(8, false))
                .withoutLimitSearch()
                .withResultsDir(dir)
                .run();
        assertThat(restarts.get()).isEqualTo(1);
        assertThat(report.crashes()).isEqualTo(1);
        assertThat(report.crashRequests()).isEqualTo(1);
        assertThat(report.requests().get(3).status()).isEqualTo(RequestStatus.CRASH);
        assertThat(report.ok()).isEqualTo(7);
        assertThat(report.abortedReason()).isNull();
    }

    @Test
    void stopsAndSaysWhyWhenACrashedServerCannotBeRestarted(@TempDir Path dir) throws Exception {
        fake = new FakeTts(10_000, 2);
        StressReport report = TtsStressRun.create("norestart", fake.current.baseUrl())
                .withCorpus(corpus(6, false))
                .withResultsDir(dir)
                .withRestartTimeout(Duration.ofSeconds(2))
                .run();
        assertThat(report.totalRequests()).isEqualTo(2);
        assertThat(report.crashes()).isEqualTo(1);
        assertThat(report.lengthLimit()).isNull();
        assertThat(report.abortedReason()).contains("no way to restart it");
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> TtsStressRun.create("bad name", java.net.URI.create("http://127.0.0.1:1")))
                .hasMessageContaining("TtsStressRun name 'bad name' must be letters, digits");
        assertThatThrownBy(() -> TtsStressRun.create("x", java.net.URI.create("http://127.0.0.1:1"))
                        .withConcurrency(40))
                .hasMessage(
                        "TtsStressRun.withConcurrency: must be between 1 and 16, was 40 (use the load engine for more)");
    }

    @Test
    void failsClearlyWhenTheServerIsNotThere(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TtsStressRun run = TtsStressRun.create("absent", java.net.URI.create("http://127.0.0.1:" + port))
                .withRestartTimeout(Duration.ofMillis(300))
                .withResultsDir(dir);
        assertThatThrownBy(run::run).hasMessageContaining("did not accept connections at start within 300 ms");
    }
}
