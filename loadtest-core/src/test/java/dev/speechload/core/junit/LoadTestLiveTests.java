package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.config.Settings;
import dev.speechload.core.result.RunResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code loadtest.live}: the live view during a real run, browsers that leave or stall, and a port in use. */
@DisplayName("@LoadTest live view")
class LoadTestLiveTests {

    @TempDir
    Path dir;

    @Test
    void aBrowserThatLeavesMidRunAndOneThatNeverReadsLeaveTheRunAndItsResultWhole() throws Exception {
        int port = freePort();
        CompletableFuture<EngineExecutionResults> run = CompletableFuture.supplyAsync(
                () -> execute(LiveTestCase.class, Map.of(Settings.LIVE, Integer.toString(port))));
        awaitRunning(port, run);

        List<String> states = new ArrayList<>();
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
            request(silent, port, "/events"); // and never read a byte
            try (Socket reader = new Socket(InetAddress.getLoopbackAddress(), port)) {
                reader.setSoTimeout(30_000);
                request(reader, port, "/events");
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && states.size() < 3; line = in.readLine()) {
                    if (line.startsWith("data: {") && line.contains("\"status\":\"running\"")) {
                        states.add(line);
                    }
                }
            } // the reader leaves mid-run
            EngineExecutionResults results = run.get(5, TimeUnit.MINUTES);

            results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        }
        assertThat(states).hasSize(3).allSatisfy(s -> assertThat(s).contains("\"test\":\"LiveTestCase.run\""));
        assertThat(states.stream().map(LoadTestLiveTests::version).toList())
                .as("versions of the pushed states")
                .isSorted()
                .doesNotHaveDuplicates();
        RunResult result = ResultFiles.read(dir.resolve("results/LiveTestCase.run.json"));
        assertThat(result.partial()).isFalse();
        assertThat(result.throughput().completedIterations()).isPositive();
        assertThat(result.timeSeries()).hasSizeGreaterThan(5);
    }

    @Test
    void failsEveryLoadTestsStartNamingTheSettingWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            EngineExecutionResults r = execute(LiveTestCase.class, Map.of(Settings.LIVE, Integer.toString(port)));

            r.testEvents().assertStatistics(s -> s.failed(1));
            Throwable t = r.testEvents().failed().stream()
                    .findFirst()
                    .orElseThrow()
                    .getPayload(TestExecutionResult.class)
                    .orElseThrow()
                    .getThrowable()
                    .orElseThrow();
            assertThat(t)
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith(
                            "loadtest.live=" + port + ": the live view cannot listen on 127.0.0.1:" + port + " (")
                    .hasMessageEndingWith(
                            "choose a free port, loadtest.live=0 for any free one (its address is logged),"
                                    + " or unset loadtest.live to run without the live view");
            assertThat(dir.resolve("results/LiveTestCase.run.json")).doesNotExist();
        }
    }

    @Test
    void refusesAnotherHostBeforeAnyLoad() {
        EngineExecutionResults r = execute(LiveTestCase.class, Map.of(Settings.LIVE, "0.0.0.0:8080"));

        r.testEvents().assertStatistics(s -> s.failed(1));
        Throwable t = r.testEvents().failed().stream()
                .findFirst()
                .orElseThrow()
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(t)
                .hasMessageStartingWith("loadtest settings: loadtest.live=0.0.0.0:8080: the live view listens on"
                        + " loopback (127.0.0.1) only");
    }

    /** Waits until the live view shows the test running (or the run ended without it). */
    static void awaitRunning(int port, CompletableFuture<?> run) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && !run.isDone()) {
            try {
                String state = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/state"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (state.contains("\"status\" : \"running\"") || state.contains("\"status\":\"running\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // the view starts with the first load test
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "the live view on port " + port + " never showed a running test; run done: " + run.isDone());
    }

    private static long version(String data) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"version\":(\\d+)").matcher(data);
        assertThat(m.find()).as("version in %s", data).isTrue();
        return Long.parseLong(m.group(1));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void request(Socket socket, int port, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    EngineExecutionResults execute(Class<?> testCase, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(Settings.RESULTS_DIR, dir.resolve("results").toString());
        all.put(Settings.BASELINES_DIR, dir.resolve("baselines").toString());
        all.put(Settings.HISTORY, "off");
        // No baseline is recorded, and a busy machine's INCONCLUSIVE run passes: these tests are about the view.
        all.put(Settings.FAIL_ON_REGRESSION, "false");
        all.put(Settings.INCONCLUSIVE, "pass");
        all.putAll(parameters);
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase));
        all.forEach(kit::configurationParameter);
        return kit.execute();
    }

    static class LiveTestCase {
        @LoadTest(channels = 2, rampSteps = 2, rampInterval = "1s", duration = "4s", sampleInterval = "200ms")
        @Smoke(factor = 1)
        void run(LoadContext load) throws Exception {
            load.run(iteration -> Thread.sleep(5));
        }
    }
}
