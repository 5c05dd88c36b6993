package dev.speechload.core.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.compare.PairTrial;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("live view server")
class LiveServerTests {

    @TempDir
    Path results;

    private final LiveState state = new LiveState();
    private final HttpClient http = HttpClient.newHttpClient();
    private LiveServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LiveServer start(Duration stallLimit) throws Exception {
        server = new LiveServer(state, results, 0, stallLimit);
        return server;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.uri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackAndServesThePageWithTheStateAtLoadTime() throws Exception {
        start(Duration.ofSeconds(10));
        state.publish(LiveStateTests.tick("Stt.<steady>", 2, 12_300_000));
        state.finished(new FinishedTest("Tts.burst", "FAIL", "HEALTHY", "Tts.burst.html"));

        HttpResponse<String> page = get("/");

        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).startsWith("default-src 'none'").contains("script-src 'sha256-"));
        assertThat(page.body())
                .contains(
                        "<td id=\"test\">Stt.&lt;steady&gt;</td>",
                        "<td id=\"p99\">12.3 ms</td>",
                        "<td id=\"step\">2/5</td>",
                        "<a href=\"results/Tts.burst.html\">Tts.burst</a>",
                        "<td class=\"v-FAIL\">FAIL</td>",
                        "new EventSource('events')");
    }

    @Test
    void showsAnAbComparisonsPairsInThePageAtLoadTimeAndHidesTheSectionOtherwise() throws Exception {
        start(Duration.ofSeconds(10));
        state.publish(LiveStateTests.tick("Stt.steady", 2, 12_300_000));
        assertThat(get("/").body()).contains("<section id=\"ab\" hidden>");

        PairTrial a1 = new PairTrial(0, 6, PairTrial.Side.REFERENCE, "server <1.0>");
        state.begin("Stt.ab");
        state.pairTrialFinished("Stt.ab", a1, LiveStateTests.finishedTrial(0));
        state.publish(LiveStateTests.abTick(
                "Stt.ab", new PairTrial(0, 6, PairTrial.Side.CANDIDATE, "server 1.1"), 20_000_000));

        String page = get("/").body();
        assertThat(page)
                .contains(
                        "<section id=\"ab\">",
                        "<strong id=\"ab-now\">pair 1 of 6, B: candidate</strong>",
                        "A: reference, server &lt;1.0&gt;",
                        "B: candidate, server 1.1",
                        "<tr><td>1</td><td>50.0 ms</td><td>99.0 ms</td><td>50.0 it/s</td><td>running</td>");
        assertThat(get("/state").body()).contains("\"referenceP99\"", "\"candidateThroughput\"");
    }

    @Test
    void pushesEachNewStateAndSaysEndWhenTheRunEnds() throws Exception {
        start(Duration.ofSeconds(10));
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(30_000);
            request(socket, "/events");
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String first = nextData(in);
            assertThat(first).contains("\"status\":\"waiting\"");

            state.publish(LiveStateTests.tick("Stt.steady", 4, 5_000_000));
            assertThat(nextData(in)).contains("\"test\":\"Stt.steady\"", "\"step\":\"4/5\"");

            state.finished(new FinishedTest("Stt.steady", "PASS", "HEALTHY", "Stt.steady.html"));
            assertThat(nextData(in)).contains("\"verdict\":\"PASS\"", "\"report\":\"Stt.steady.html\"");

            server.close();
            List<String> rest = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.add(line);
            }
            assertThat(rest).contains("event: end");
        }
    }

    @Test
    void servesReportFilesOfTheResultsDirectoryAndNothingElse() throws Exception {
        start(Duration.ofSeconds(10));
        Files.writeString(results.resolve("Stt.steady.html"), "<h1>report</h1>");
        Files.writeString(results.getParent().resolve("secret.html"), "secret");

        assertThat(get("/results/Stt.steady.html").body()).isEqualTo("<h1>report</h1>");
        assertThat(get("/results/..%2Fsecret.html").statusCode()).isEqualTo(404);
        assertThat(get("/results/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesRequestsForAnotherHostName() throws Exception {
        start(Duration.ofSeconds(10));
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        }
        HttpURLConnection c =
                (HttpURLConnection) server.uri().resolve("/state").toURL().openConnection();
        assertThat(c.getResponseCode()).isEqualTo(200);
    }

    @Test
    void dropsABrowserThatStopsReadingAndKeepsServingTheOthers() throws Exception {
        start(Duration.ofMillis(500));
        // Big states fill the socket buffers quickly: the stuck reader's writes then block.
        for (int i = 0; i < 3_000; i++) {
            state.finished(new FinishedTest("Suite.test" + i + "x".repeat(200), "PASS", "HEALTHY", null));
        }
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", server.uri().getPort()));
            request(stuck, "/events");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int published = 0;
            while (server.droppedStreams() == 0 && System.nanoTime() < deadline) {
                state.publish(LiveStateTests.tick("Stt.steady", 1 + published % 5, 1_000_000));
                published++;
                Thread.sleep(20);
            }
            assertThat(server.droppedStreams())
                    .as("streams dropped after %d states", published)
                    .isEqualTo(1);
            long gone = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.streams() > 0 && System.nanoTime() < gone) {
                Thread.sleep(20);
            }
            assertThat(server.streams()).isZero();
            assertThat(get("/state").body()).contains("\"test\":\"Stt.steady\"");
        }
    }

    private static void request(Socket socket, String path) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + socket.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The next event's data line (chunk-size lines and other fields are skipped). */
    private static String nextData(BufferedReader in) throws Exception {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data: {") && !line.equals("data: {}")) {
                return line;
            }
        }
        throw new AssertionError("the stream ended before an event");
    }
}
