package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.config.Settings;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Opens the live view in a real headless Chromium (Debian's {@code /usr/bin/chromium}, or the path
 * in {@code loadtest.chromium}) during a run, and reads the page through Chromium's DevTools
 * protocol (its {@code --remote-debugging-port}, over the JDK's WebSocket client): the figures
 * change as intervals end, the test finished before is listed with its verdict and a report link
 * that opens, and closing the browser mid-run leaves the run whole; during an A/B comparison the
 * page says which pair and build runs and lists both sides' finished trials. Screenshots are kept
 * in {@code <loadtest.root>/results/screenshots/live-view.png} (and {@code live-view-ab.png}) for
 * people to look at. Skipped, with
 * the reason, when Chromium is not installed.
 */
@DisplayName("live view in a browser")
class LiveBrowserTests {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    @TempDir
    Path dir;

    private Path chromium;

    @BeforeEach
    void findChromium() {
        chromium = Path.of(System.getProperty("loadtest.chromium", "/usr/bin/chromium"));
        assumeTrue(
                Files.isExecutable(chromium),
                "no Chromium at " + chromium + " (install Debian's chromium package"
                        + " or set -Dloadtest.chromium=<path>): browser check of the live view skipped");
    }

    @Test
    void showsTheRunningTestUpdatingAndTheFinishedOnesWithTheirReports() throws Exception {
        int port = LoadTestLiveTests.freePort();
        LoadTestLiveTests kit = new LoadTestLiveTests();
        kit.dir = dir;
        CompletableFuture<EngineExecutionResults> run = CompletableFuture.supplyAsync(
                () -> kit.execute(BrowserTestCase.class, Map.of(Settings.LIVE, Integer.toString(port))));
        awaitState(port, "\"test\":\"BrowserTestCase.watched\"", run);

        Process browser = open(port);
        try (DevTools page = DevTools.attach(browser, port)) {
            JsonNode first = page.awaitFigures(f -> f.path("updates").asInt() >= 2);
            // A later interval: more updates received and another elapsed time shown.
            JsonNode later = page.awaitFigures(f -> f.path("updates").asInt()
                            > first.path("updates").asInt() + 2
                    && !f.path("elapsed").asText().equals(first.path("elapsed").asText()));

            assertThat(first.path("test").asText()).isEqualTo("BrowserTestCase.watched");
            assertThat(first.path("status").asText()).isEqualTo("running");
            assertThat(later.path("channels").asText()).matches("\\d+ of 2");
            assertThat(later.path("finished").asText())
                    .contains("BrowserTestCase.quick")
                    .containsAnyOf("NO_BASELINE", "INCONCLUSIVE");
            String link = later.path("link").asText();
            assertThat(link).isEqualTo("http://127.0.0.1:" + port + "/results/BrowserTestCase.quick.html");
            HttpResponse<String> report = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).contains("<h1>BrowserTestCase.quick</h1>");
            Path png = screenshots().resolve("live-view.png");
            page.screenshot(png);
            assertThat(png).isRegularFile();
            assertThat(Files.size(png)).isGreaterThan(10_000);
        } finally {
            browser.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // the browser leaves mid-run
        }

        EngineExecutionResults results = run.get(5, TimeUnit.MINUTES);
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(ResultFiles.read(dir.resolve("results/BrowserTestCase.watched.json"))
                        .partial())
                .isFalse();
    }

    @Test
    void showsWhichPairAndBuildOfAnAbComparisonRunsAndBothSidesFinishedTrials() throws Exception {
        int port = LoadTestLiveTests.freePort();
        LoadTestLiveTests kit = new LoadTestLiveTests();
        kit.dir = dir;
        CompletableFuture<EngineExecutionResults> run = CompletableFuture.supplyAsync(() -> kit.execute(
                AbBrowserTestCase.class,
                Map.of(
                        Settings.LIVE,
                        Integer.toString(port),
                        Settings.COMPARE_PAIRS,
                        "6",
                        Settings.COMPARE_SEED,
                        "7")));
        awaitState(port, "\"test\":\"AbBrowserTestCase.run\"", run);

        Process browser = open(port);
        Set<String> sidesSeen = new TreeSet<>();
        try (DevTools page = DevTools.attach(browser, port)) {
            // Until the page has shown a trial of each side running and a pair with both trials finished.
            JsonNode shown = page.await(
                    DevTools.COMPARISON,
                    f -> {
                        String now = f.path("now").asText();
                        if (now.matches("pair [1-6] of 6, [AB]: (reference|candidate)")) {
                            sidesSeen.add(now.substring(now.indexOf(", ") + 2));
                        }
                        return sidesSeen.size() == 2
                                && f.path("rows").size() > 0
                                && !f.path("rows").get(0).toString().contains("running")
                                && !f.path("rows").get(0).toString().contains("\"-\"");
                    },
                    TimeUnit.MINUTES.toNanos(3));

            assertThat(sidesSeen).containsExactly("A: reference", "B: candidate");
            assertThat(shown.path("hidden").asBoolean()).isFalse();
            assertThat(shown.path("reference").asText())
                    .isEqualTo("A: reference, fake process target at http://127.0.0.1:1");
            assertThat(shown.path("candidate").asText())
                    .isEqualTo("B: candidate, fake process target at http://127.0.0.1:2");
            JsonNode firstPair = shown.path("rows").get(0);
            assertThat(firstPair.get(0).asText()).isEqualTo("1");
            for (int cell : new int[] {1, 2, 4, 5}) {
                assertThat(firstPair.get(cell).asText())
                        .as("p50/p99 cell %d of %s", cell, firstPair)
                        .matches("\\d+\\.\\d+ ms");
            }
            for (int cell : new int[] {3, 6}) {
                assertThat(firstPair.get(cell).asText())
                        .as("throughput cell %d of %s", cell, firstPair)
                        .matches("[\\d,]+\\.\\d it/s");
            }
            Path png = screenshots().resolve("live-view-ab.png");
            page.screenshot(png);
            assertThat(png).isRegularFile();
        } finally {
            browser.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // the browser leaves mid-run
        }

        EngineExecutionResults results = run.get(5, TimeUnit.MINUTES);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        TestOutcome outcome = Reporters.read(dir.resolve("results/AbBrowserTestCase.run.json"));
        assertThat(outcome.comparison())
                .as("the run went on as an A/B comparison")
                .isNotNull();
        assertThat(outcome.comparison().reference().trials()).hasSize(6);
        assertThat(outcome.result().partial()).isFalse();
    }

    private Process open(int port) throws java.io.IOException {
        return new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--remote-debugging-port=0",
                        "--remote-allow-origins=*",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true)
                .start();
    }

    /** Beside the report screenshots: {@code <loadtest.root>/results/screenshots/}. */
    private static Path screenshots() throws java.io.IOException {
        String root = System.getProperty("loadtest.root");
        Path results = root == null || root.isBlank() ? Path.of("..", "results") : Path.of(root, "results");
        return Files.createDirectories(results.resolve("screenshots"));
    }

    private static void awaitState(int port, String expected, CompletableFuture<?> run) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && !run.isDone()) {
            try {
                String state = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/state"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .replace("\" : ", "\":");
                if (state.contains(expected)) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the view starts with the first load test
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the live view never showed " + expected + "; run done: " + run.isDone());
    }

    /** One page of a Chromium, read through the DevTools protocol. */
    private static final class DevTools implements AutoCloseable {
        private static final String FIGURES = "JSON.stringify({updates: document.getElementById('updates').textContent,"
                + " status: document.getElementById('status').textContent,"
                + " test: document.getElementById('test').textContent,"
                + " elapsed: document.getElementById('elapsed').textContent,"
                + " channels: document.getElementById('channels').textContent,"
                + " finished: document.getElementById('finished-rows').textContent,"
                + " link: (document.querySelector('#finished-rows a') || {}).href || ''})";

        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private WebSocket socket;
        private int id;

        /** Finds the browser's DevTools address in its output, then the page showing the live view. */
        static DevTools attach(Process browser, int livePort) throws Exception {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
            URI browserSocket = null;
            StringBuilder said = new StringBuilder();
            for (String line = out.readLine(); line != null && browserSocket == null; line = out.readLine()) {
                said.append(line).append('\n');
                Matcher m = DEVTOOLS.matcher(line);
                if (m.find()) {
                    browserSocket = URI.create(m.group(1));
                }
            }
            assertThat(browserSocket)
                    .as("DevTools address; chromium said:%n%s", said)
                    .isNotNull();
            Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "chromium-output");
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create("http://" + browserSocket.getAuthority() + "/json/list");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline) {
                JsonNode targets = Json.mapper()
                        .readTree(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString())
                                .body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page")
                            && t.path("url").asText().startsWith("http://127.0.0.1:" + livePort)) {
                        DevTools tools = new DevTools();
                        tools.socket = http.newWebSocketBuilder()
                                .buildAsync(
                                        URI.create(
                                                t.path("webSocketDebuggerUrl").asText()),
                                        tools.listener())
                                .get(1, TimeUnit.MINUTES);
                        return tools;
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError("Chromium opened no page of the live view");
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        replies.add(text.toString());
                        text.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            };
        }

        /** The page's A/B section: hidden or not, what runs now, both builds, each pair row's cells. */
        static final String COMPARISON = "JSON.stringify({hidden: document.getElementById('ab').hidden,"
                + " now: document.getElementById('ab-now').textContent,"
                + " reference: document.getElementById('ab-reference').textContent,"
                + " candidate: document.getElementById('ab-candidate').textContent,"
                + " rows: Array.from(document.querySelectorAll('#ab-rows tr')).map(function (r) {"
                + " return Array.from(r.cells).map(function (c) { return c.textContent; }); })})";

        /** Evaluates {@link #FIGURES} in the page until {@code done} holds for them. */
        JsonNode awaitFigures(java.util.function.Predicate<JsonNode> done) throws Exception {
            return await(FIGURES, done, TimeUnit.MINUTES.toNanos(1));
        }

        /** Evaluates {@code expression} (a JSON string) in the page until {@code done} holds for it. */
        JsonNode await(String expression, java.util.function.Predicate<JsonNode> done, long timeoutNanos)
                throws Exception {
            long deadline = System.nanoTime() + timeoutNanos;
            JsonNode figures = null;
            while (System.nanoTime() < deadline) {
                figures = Json.mapper().readTree(evaluate(expression));
                if (done.test(figures)) {
                    return figures;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the page never showed what was awaited; it last showed " + figures);
        }

        private String evaluate(String expression) throws Exception {
            return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                    .path("result")
                    .path("value")
                    .asText();
        }

        /** Saves what the page shows, for people to look at. */
        void screenshot(Path png) throws Exception {
            String data = call("Page.captureScreenshot", Map.of("format", "png"))
                    .path("data")
                    .asText();
            Files.write(png, java.util.Base64.getDecoder().decode(data));
        }

        private JsonNode call(String method, Map<String, Object> params) throws Exception {
            int me = ++id;
            socket.sendText(
                            Json.mapper().writeValueAsString(Map.of("id", me, "method", method, "params", params)),
                            true)
                    .get(1, TimeUnit.MINUTES);
            while (true) {
                String reply = replies.poll(1, TimeUnit.MINUTES);
                assertThat(reply).as("DevTools reply to %s", method).isNotNull();
                JsonNode node = Json.mapper().readTree(reply);
                if (node.path("id").asInt() == me) {
                    return node.path("result");
                }
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    /** An A/B comparison of two fake servers, trials long enough for the page to show each running. */
    static class AbBrowserTestCase extends FakeAbTargets {
        @LoadTest(channels = 2, duration = "1s", sampleInterval = "250ms")
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(5));
        }
    }

    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class BrowserTestCase {
        @LoadTest(channels = 2, iterations = 20)
        @Smoke(factor = 1)
        void quick(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(2));
        }

        @LoadTest(channels = 2, rampSteps = 2, rampInterval = "2s", duration = "6s", sampleInterval = "250ms")
        @Smoke(factor = 1)
        void watched(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(5));
        }
    }
}
