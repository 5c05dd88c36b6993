package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the endpoint on a real HttpServer on 127.0.0.1 and reads its streams as a client. */
@DisplayName("TtsEndpoint")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TtsEndpointTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TtsSettings FAST = TtsSettings.defaults().withRealTimeFactor(0);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final RecordingHooks hooks = new RecordingHooks();
    private HttpServer server;
    private ExecutorService executor;
    private TtsEndpoint endpoint;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void start(TtsSettings settings) throws IOException {
        start(new TtsEndpoint(settings, hooks));
    }

    private void start(TtsEndpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        endpoint.register(server);
        server.start();
    }

    // ---- happy path ------------------------------------------------------------------------

    @Test
    void streamsAudioEventsToDoneWithIncreasingIds() throws Exception {
        start(FAST.withMaxChars(40));
        String text = "The quick brown fox jumps over the lazy dog. It was 3.5 years old, "
                + "and it jumped over 12 dogs on 14 July 2025!";
        HttpResponse<Stream<String>> response = post(jsonBody(text));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        List<Sse> events = read(response);

        assertWellFormedStream(events, text);
        assertThat(events).filteredOn(e -> e.type().equals("chunk")).hasSizeGreaterThan(2);
    }

    @Test
    void streamsForGetWithTheTextInTheQuery() throws Exception {
        start(FAST);
        String text = "Hello, bonjour, 你好 😀 https://example.com/a?b=c&d=e";
        HttpResponse<Stream<String>> response = get("?text=" + encode(text) + "&voice=en-us", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<Sse> events = read(response);
        assertWellFormedStream(events, text);
    }

    @Test
    void sendsFramesOfOneHundredMillisecondsThatDecodeToPcm16() throws Exception {
        start(FAST);
        List<Sse> events = read(post(jsonBody("abcdefghij"))); // 600 ms of audio
        List<JsonNode> audio = data(events, "audio");
        assertThat(audio).hasSize(6);
        for (JsonNode frame : audio) {
            assertThat(frame.get("samples").asInt()).isEqualTo(1600);
            assertThat(frame.get("sample_rate_hz").asInt()).isEqualTo(16_000);
            assertThat(Base64.getDecoder().decode(frame.get("pcm16").asText())).hasSize(3200);
        }
        JsonNode done = data(events, "done").get(0);
        assertThat(done.get("audio_ms").asLong()).isEqualTo(600);
        assertThat(done.get("frames").asLong()).isEqualTo(6);
        assertThat(done.get("chunks").asLong()).isEqualTo(1);
        assertThat(done.get("chars").asLong()).isEqualTo(10);
        assertThat(done.get("elapsed_ms").asLong()).isNotNegative();
    }

    // ---- the stress corpus -----------------------------------------------------------------

    @Test
    void handlesEverySeedCategoryWithAStreamOrAProperErrorAndStaysUp() throws Exception {
        start(FAST);
        Random random = new Random(14_07_2025L);
        Map<String, String> streamed = new LinkedHashMap<>();
        streamed.put("short: one word", "Bonjour");
        streamed.put("short: few words", "Non merci, ça va.");
        streamed.put("medium", words(random, 20) + ".");
        streamed.put("long", sentences(random, 120));
        streamed.put("very long: 500+ words", sentences(random, 650));
        streamed.put("special: emoji", "😀🎉👨‍👩‍👧‍👦🇫🇷👍🏽 ok!!! ??? ... ;;; :::");
        streamed.put("special: numbers and dates", "le 14 juillet 2025, 3.14159, -42, 1,000,000.00 €");
        streamed.put("special: url", "See https://example.com/path?q=1&x=%20y#frag and mailto:a@b.c");
        streamed.put("special: punctuation only", "!?.,;:…");
        streamed.put("single letter", "a");
        streamed.put("mixed languages", "Hello, bonjour, 你好! Ça va? 今天天气很好。Danke schön, 안녕하세요.");
        streamed.put("control characters", "tab\there\u0000nul\u0007bell\u200Bzwsp");

        for (Map.Entry<String, String> seed : streamed.entrySet()) {
            HttpResponse<Stream<String>> response = post(jsonBody(seed.getValue()));
            assertThat(response.statusCode()).as(seed.getKey()).isEqualTo(200);
            List<Sse> events = read(response);
            assertThat(events)
                    .as(seed.getKey())
                    .last()
                    .satisfies(e -> assertThat(e.type()).isEqualTo("done"));
            assertWellFormedStream(events, seed.getValue());
        }
        // a lone surrogate can only arrive as a JSON escape; it must not break the stream
        List<Sse> lone = read(post("{\"text\": \"broken \\uD83D pair\"}"));
        assertThat(lone).last().satisfies(e -> assertThat(e.type()).isEqualTo("done"));
        assertThat(data(lone, "done").get(0).get("chars").asInt()).isEqualTo(13);
        for (String empty : List.of("", " ", "\n", "\t\r\n ", "\u00A0\u3000")) {
            HttpResponse<String> response = postForString(jsonBody(empty));
            assertError(response, 400, "ERR1001", "text is empty");
        }
        // still up: a plain request works after the whole corpus
        assertThat(read(post(jsonBody("still alive"))))
                .last()
                .satisfies(e -> assertThat(e.type()).isEqualTo("done"));
        awaitTrue(() -> endpoint.activeStreams() == 0);
    }

    @Test
    void givesIdenticalAudioForTheSameTextOneHundredTimesInARow() throws Exception {
        start(FAST);
        String text = "Répétitions rapides: même texte cent fois d'affilée, sans fuite.";
        String first = null;
        for (int i = 0; i < 100; i++) {
            List<Sse> events = read(post(jsonBody(text)));
            assertThat(events).last().satisfies(e -> assertThat(e.type()).isEqualTo("done"));
            String digest = audioDigest(events);
            if (first == null) {
                first = digest;
            }
            assertThat(digest).as("request %d", i).isEqualTo(first);
        }
        awaitTrue(() -> hooks.closed.size() == 100);
        assertThat(hooks.accepted.get()).isEqualTo(100);
        assertThat(hooks.closed).containsOnly(true);
        assertThat(endpoint.activeStreams()).isZero();
    }

    @Test
    void servesConcurrentStreams() throws Exception {
        start(FAST.withRealTimeFactor(0.01));
        List<java.util.concurrent.CompletableFuture<List<Sse>>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "Concurrent stream number " + i + ". " + words(new Random(i), 60);
            futures.add(client.sendAsync(postRequest(jsonBody(text), null), HttpResponse.BodyHandlers.ofLines())
                    .thenApply(TtsEndpointTests::read));
        }
        for (var future : futures) {
            assertThat(future.get(90, TimeUnit.SECONDS))
                    .last()
                    .satisfies(e -> assertThat(e.type()).isEqualTo("done"));
        }
        awaitTrue(() -> endpoint.activeStreams() == 0);
    }

    // ---- errors before the stream ----------------------------------------------------------

    @Test
    void refusesTextOverTheLimitWith413NamingTheLimit() throws Exception {
        start(FAST.withMaxTextChars(100));
        HttpResponse<String> response = postForString(jsonBody("x".repeat(101)));
        assertError(
                response, 413, "ERR1002", "text has 101 characters, over the limit of 100 characters (maxTextChars)");
        // counted in code points: 100 emoji are 200 UTF-16 units but within the limit
        assertThat(post(jsonBody("😀".repeat(100))).statusCode()).isEqualTo(200);
        HttpResponse<String> huge = postForString("{\"text\":\"" + "y".repeat(800_000) + "\"}");
        assertError(
                huge,
                413,
                "ERR1002",
                "request body is over the limit of 66136 bytes for a text"
                        + " of at most 100 characters (maxTextChars)");
        assertThat(hooks.errors).containsExactly("ERR1002", "ERR1002");
    }

    @Test
    void refusesMalformedRequestsWith400AndNoStackTrace() throws Exception {
        start(FAST);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put(
                "{",
                "malformed JSON at line 1, column 2;" + " expected {\"text\": \"...\", \"voice\": \"...\" (optional)}");
        bodies.put("", "request body must be a JSON object {\"text\": \"...\"}, was empty");
        bodies.put("[\"text\"]", "request body must be a JSON object {\"text\": \"...\"}, was array");
        bodies.put("{}", "missing field 'text' (a string)");
        bodies.put("{\"text\": null}", "missing field 'text' (a string)");
        bodies.put("{\"text\": 42}", "field 'text' must be a string, was number");
        bodies.put("{\"text\": \"hi\", \"voice\": 7}", "field 'voice' must be a string");
        bodies.put(
                "{\"text\": \"hi\", \"voice\": \"../etc/passwd\"}",
                "voice must be 1 to 64 letters," + " digits, '_', '+' or '-', starting with a letter or digit");
        bodies.put("{\"text\": \"hi\"} trailing", null);
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            HttpResponse<String> response = postForString(body.getKey());
            assertError(response, 400, "ERR1003", body.getValue());
        }
        String badQuery = raw("GET /v1/tts?text=%zz HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
        // the JDK HttpServer refuses an invalid URI itself, before the endpoint sees it
        assertThat(badQuery).startsWith("HTTP/1.1 400 ");
        // a valid URI whose escapes are not valid UTF-8 decodes to replacement characters
        assertThat(read(get("?text=%E4%B8", null)))
                .last()
                .satisfies(e -> assertThat(e.type()).isEqualTo("done"));
        HttpResponse<String> noText =
                client.send(HttpRequest.newBuilder(uri("?voice=en")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(noText, 400, "ERR1003", "missing query parameter 'text'");
        HttpResponse<String> emptyQueryText =
                client.send(HttpRequest.newBuilder(uri("?text=")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(emptyQueryText, 400, "ERR1001", "text is empty or whitespace only");
        assertThat(hooks.accepted.get()).isEqualTo(1);
        assertThat(hooks.errors).hasSize(bodies.size() + 2).containsOnly("ERR1003", "ERR1001");
    }

    @Test
    void refusesOtherMethodsWith405AndUnknownPathsWith404() throws Exception {
        start(FAST);
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri(""))
                            .method(method, HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(response, 405, "ERR1003", "method " + method + " not allowed; use GET or POST");
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
        }
        HttpResponse<String> head = client.send(
                HttpRequest.newBuilder(uri(""))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(405);
        HttpResponse<String> other = client.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/ttsx?text=hi"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(other, 404, "ERR1003", "no such path: /v1/ttsx (use /v1/tts)");
    }

    // ---- resumption ------------------------------------------------------------------------

    @Test
    void resumesAfterLastEventIdWithTheSameEvents() throws Exception {
        start(FAST.withMaxChars(30));
        String text = "First sentence is here. Second one follows, with a comma. Third! 😀 Fourth.";
        List<Sse> full = read(post(jsonBody(text)));
        List<Sse> numbered = full.stream().filter(e -> e.id() != null).collect(Collectors.toList());
        assertThat(numbered).hasSizeGreaterThan(20);
        for (long lastId : new long[] {1, 7, numbered.size() / 2, numbered.size() - 1}) {
            List<Sse> resumed =
                    read(client.send(postRequest(jsonBody(text), lastId), HttpResponse.BodyHandlers.ofLines()));
            List<Sse> expected = numbered.stream().filter(e -> e.id() > lastId).collect(Collectors.toList());
            assertThat(withoutElapsed(resumed)).as("resume after %d", lastId).isEqualTo(withoutElapsed(expected));
        }
        // GET resumes the same way (what an EventSource does on reconnect)
        long lastId = numbered.size() - 3;
        List<Sse> viaGet = read(get("?text=" + encode(text), lastId));
        assertThat(withoutElapsed(viaGet))
                .isEqualTo(withoutElapsed(
                        numbered.stream().filter(e -> e.id() > lastId).collect(Collectors.toList())));
        // past the end: nothing left to send, the stream just ends
        assertThat(read(client.send(
                        postRequest(jsonBody(text), (long) numbered.size()), HttpResponse.BodyHandlers.ofLines())))
                .isEmpty();
    }

    // ---- errors during the stream ----------------------------------------------------------

    @Test
    void endsWithAnErrorEventWhenAChunkTimesOut() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch stallInterrupted = new CountDownLatch(1);
        hooks.beforeChunk = () -> {
            if (calls.incrementAndGet() == 2) {
                try {
                    Thread.sleep(30_000); // a stalled model
                } catch (InterruptedException e) {
                    stallInterrupted.countDown();
                    throw e;
                }
            }
        };
        start(FAST.withMaxChars(20).withChunkTimeout(Duration.ofMillis(500)));
        List<Sse> events = read(post(jsonBody("First chunk here. Second chunk here. Third one.")));

        List<String> types = events.stream().map(Sse::type).collect(Collectors.toList());
        assertThat(types).startsWith("chunk", "audio").endsWith("error").doesNotContain("done");
        Sse error = events.get(events.size() - 1);
        assertThat(error.id()).isNull();
        assertThat(error.json().get("code").asText()).isEqualTo("ERR1004");
        assertThat(error.json().get("message").asText())
                .isEqualTo("chunk 1 was not generated within 500 ms (chunkTimeout)");
        assertThat(data(events, "chunk")).hasSize(1);
        assertThat(stallInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
        awaitTrue(() -> hooks.closed.size() == 1);
        assertThat(hooks.closed).containsExactly(false);
        assertThat(hooks.errors).containsExactly("ERR1004");

        hooks.beforeChunk = () -> {};
        assertThat(read(post(jsonBody("the server is still up"))))
                .last()
                .satisfies(e -> assertThat(e.type()).isEqualTo("done"));
    }

    @Test
    void interruptsASlowEngineWhenTheChunkTimesOut() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        TtsEngine slow = new TtsEngine() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Pcm synthesize(String text, String voice) throws InterruptedException {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return new Pcm(new short[0], 16_000);
            }
        };
        start(new TtsEndpoint(FAST.withChunkTimeout(Duration.ofMillis(300)), hooks, slow));
        List<Sse> events = read(post(jsonBody("never finished")));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("error");
            assertThat(e.json().get("code").asText()).isEqualTo("ERR1004");
        });
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void endsWithAnErrorEventWhenSynthesisFails() throws Exception {
        hooks.beforeChunk = () -> {
            throw new IllegalStateException("injected failure");
        };
        start(FAST);
        List<Sse> events = read(post(jsonBody("this will fail")));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("error");
            assertThat(e.json().get("code").asText()).isEqualTo("ERR1006");
            assertThat(e.json().get("message").asText())
                    .isEqualTo("chunk 0 could not be synthesized: injected failure");
        });
        awaitTrue(() -> hooks.closed.size() == 1);
        assertThat(hooks.closed).containsExactly(false);
    }

    @Test
    void endsQuietlyWhenTheClientDisconnectsMidStream() throws Exception {
        hooks.beforeChunk = () -> Thread.sleep(20);
        start(FAST.withMaxChars(50));
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            byte[] body = jsonBody(sentences(new Random(7), 400)).getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket(
                    InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/tts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                InputStream in = socket.getInputStream();
                StringBuilder seen = new StringBuilder();
                byte[] buffer = new byte[4096];
                while (!seen.toString().contains("event: audio")) {
                    int n = in.read(buffer);
                    assertThat(n).isPositive();
                    seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                awaitTrue(() -> endpoint.activeStreams() == 1);
            }
            awaitTrue(() -> hooks.closed.size() == 1);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(hooks.closed).containsExactly(false);
        assertThat(endpoint.activeStreams()).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN", "Exception");
        assertThat(hooks.errors).isEmpty();
    }

    // ---- lifecycle and hooks ---------------------------------------------------------------

    @Test
    void refusesNewRequestsAfterBeginShutdownWhileAStreamInFlightCompletes() throws Exception {
        CountDownLatch secondChunkReached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        hooks.beforeChunk = () -> {
            if (calls.incrementAndGet() == 2) {
                secondChunkReached.countDown();
                release.await();
            }
        };
        start(FAST.withMaxChars(25).withChunkTimeout(Duration.ofSeconds(60)));
        String text = "The first chunk is here. The second chunk is here.";
        HttpResponse<Stream<String>> inFlight = post(jsonBody(text));
        assertThat(inFlight.statusCode()).isEqualTo(200);
        Iterator<String> lines = inFlight.body().iterator();
        // the first chunk's events arrive while the server is still held before the second chunk:
        // every event is flushed as it is written
        List<Sse> events = new ArrayList<>();
        events.add(next(lines));
        assertThat(events.get(0).type()).isEqualTo("chunk");
        int firstChunkFrames = events.get(0).json().get("frames").asInt();
        for (int i = 0; i < firstChunkFrames; i++) {
            events.add(next(lines));
        }
        assertThat(events).filteredOn(e -> e.type().equals("audio")).hasSize(firstChunkFrames);
        assertThat(secondChunkReached.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(endpoint.activeStreams()).isEqualTo(1);

        endpoint.beginShutdown();
        HttpResponse<String> refused = postForString(jsonBody("too late"));
        assertError(refused, 503, "ERR1005", "server is shutting down; retry elsewhere");
        HttpResponse<String> refusedGet =
                client.send(HttpRequest.newBuilder(uri("?text=late")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refusedGet.statusCode()).isEqualTo(503);

        release.countDown();
        events.addAll(readRest(lines));
        assertWellFormedStream(events, text);
        assertThat(data(events, "chunk")).hasSize(2);
        awaitTrue(() -> endpoint.activeStreams() == 0);
        assertThat(hooks.closed).containsExactly(true);
        assertThat(hooks.errors).containsExactly("ERR1005", "ERR1005");
    }

    @Test
    void callsHooksOncePerRequestPerChunkAndBalancesStreams() throws Exception {
        start(FAST.withMaxChars(20));
        int totalChunks = 0;
        for (String text : List.of("One. Two. Three.", "A longer text that needs three chunks, ok?", "Short")) {
            List<Sse> events = read(post(jsonBody(text)));
            totalChunks += data(events, "done").get(0).get("chunks").asInt();
        }
        postForString(jsonBody("   ")); // refused: not accepted, no stream
        awaitTrue(() -> hooks.closed.size() == 3);
        assertThat(hooks.accepted.get()).isEqualTo(3);
        assertThat(hooks.opened.get()).isEqualTo(3);
        assertThat(hooks.closed).containsExactly(true, true, true);
        assertThat(hooks.chunks.get()).isEqualTo(totalChunks).isGreaterThan(3);
        assertThat(hooks.errors).containsExactly("ERR1001");
    }

    @Test
    void tellsTheHooksEachChunksSynthesisTimeAndEveryEventItWrites() throws Exception {
        // 0.2 CPU seconds per audio second: each chunk's synthesis takes at least 0.2 x its audio.
        start(FAST.withRealTimeFactor(0.2).withMaxChars(20));
        List<Sse> events = read(post(jsonBody("One two three. Four five six. Seven.")));
        awaitTrue(() -> hooks.closed.size() == 1);

        List<JsonNode> chunks = data(events, "chunk");
        assertThat(hooks.synthesisNanos).as("one call per chunk").hasSize(chunks.size());
        for (int c = 0; c < chunks.size(); c++) {
            long audioMs = chunks.get(c).get("audio_ms").asLong();
            assertThat(hooks.synthesisNanos.get(c))
                    .as("chunk %d's synthesis time", c)
                    .isGreaterThanOrEqualTo(audioMs * 200_000L);
        }
        assertThat(hooks.events.get()).as("chunk, audio and done events").isEqualTo(events.size());

        // A resuming client is not sent what it has: those events cost nothing.
        hooks.events.set(0);
        List<Sse> resumed = read(client.send(
                postRequest(jsonBody("One two three. Four five six." + " Seven."), 5L),
                HttpResponse.BodyHandlers.ofLines()));
        awaitTrue(() -> hooks.closed.size() == 2);
        assertThat(resumed).hasSize(events.size() - 5);
        assertThat(hooks.events.get()).isEqualTo(resumed.size());
    }

    @Test
    void survivesHooksThatThrow() throws Exception {
        TtsHooks broken = new TtsHooks() {
            @Override
            public void requestAccepted() {
                throw new IllegalStateException("metrics are broken");
            }

            @Override
            public void streamClosed(boolean completed) {
                throw new IllegalStateException("metrics are broken");
            }
        };
        start(new TtsEndpoint(FAST, broken));
        assertThat(read(post(jsonBody("hooks may fail"))))
                .last()
                .satisfies(e -> assertThat(e.type()).isEqualTo("done"));
        awaitTrue(() -> endpoint.activeStreams() == 0);
    }

    // ---- engines ---------------------------------------------------------------------------

    @Test
    void streamsEspeakAudioAtItsOwnRateWhenInstalled() throws Exception {
        assumeTrue(EspeakEngine.locate().isPresent(), "espeak-ng is not installed");
        start(FAST.withEngine("espeak").withMaxChars(60));
        String text = "Hello from espeak. Bonjour! Numbers like 42 and 3.14 work too.";
        List<Sse> events = read(post(jsonBody(text)));
        assertWellFormedStream(events, text);
        assertThat(data(events, "audio").get(0).get("sample_rate_hz").asInt()).isEqualTo(22_050);
        assertThat(data(events, "done").get(0).get("audio_ms").asLong()).isGreaterThan(1_000);
    }

    @Test
    void refusesTheEspeakEngineWhenEspeakNgIsMissing() {
        TtsSettings espeak = FAST.withEngine("espeak");
        if (EspeakEngine.locate().isPresent()) {
            assertThat(new TtsEndpoint(espeak, hooks).activeStreams()).isZero();
        } else {
            assertThatThrownBy(() -> new TtsEndpoint(espeak, hooks))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("espeak-ng")
                    .hasMessageContaining("apt-get install espeak-ng");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** One server-sent event; {@code id} is null for unnumbered (error) events. */
    record Sse(Long id, String type, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    /** Hooks that record everything; beforeChunk can be replaced by a test. */
    static final class RecordingHooks implements TtsHooks {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger chunks = new AtomicInteger();
        final List<Boolean> closed = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<Long> synthesisNanos = new CopyOnWriteArrayList<>();
        final AtomicInteger events = new AtomicInteger();
        volatile Action beforeChunk = () -> {};

        interface Action {
            void run() throws InterruptedException;
        }

        @Override
        public void requestAccepted() {
            accepted.incrementAndGet();
        }

        @Override
        public void beforeChunk() throws InterruptedException {
            chunks.incrementAndGet();
            beforeChunk.run();
        }

        @Override
        public void afterChunk(long nanos) {
            synthesisNanos.add(nanos);
        }

        @Override
        public void beforeEvent() {
            events.incrementAndGet();
        }

        @Override
        public void streamOpened() {
            opened.incrementAndGet();
        }

        @Override
        public void streamClosed(boolean completed) {
            closed.add(completed);
        }

        @Override
        public void error(String code) {
            errors.add(code);
        }
    }

    /** Sends one raw HTTP request and returns the whole response as text. */
    private String raw(String request) throws IOException {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI uri(String suffix) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/tts" + suffix);
    }

    private HttpRequest postRequest(String body, Long lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(""))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (lastEventId != null) {
            builder.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return builder.build();
    }

    private HttpResponse<Stream<String>> post(String body) throws Exception {
        return client.send(postRequest(body, null), HttpResponse.BodyHandlers.ofLines());
    }

    private HttpResponse<String> postForString(String body) throws Exception {
        return client.send(postRequest(body, null), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<Stream<String>> get(String query, Long lastEventId) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(query)).timeout(Duration.ofSeconds(90));
        if (lastEventId != null) {
            builder.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofLines());
    }

    private static String jsonBody(String text) {
        try {
            return JSON.writeValueAsString(Map.of("text", text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Reads a whole SSE stream. */
    static List<Sse> read(HttpResponse<Stream<String>> response) {
        try (Stream<String> lines = response.body()) {
            return readRest(lines.iterator());
        }
    }

    /** Reads the remaining events of a stream. */
    static List<Sse> readRest(Iterator<String> lines) {
        List<Sse> events = new ArrayList<>();
        for (Sse event = next(lines); event != null; event = next(lines)) {
            events.add(event);
        }
        return events;
    }

    /** Reads one event, blocking until it arrives; null at the end of the stream. */
    static Sse next(Iterator<String> lines) {
        Long id = null;
        String type = null;
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (type != null || data != null) {
                    return new Sse(id, type == null ? "message" : type, data == null ? "" : data.toString());
                }
            } else if (line.startsWith("id: ")) {
                id = Long.parseLong(line.substring(4));
            } else if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null
                        ? new StringBuilder(line.substring(6))
                        : data.append('\n').append(line.substring(6));
            } else if (!line.startsWith(":")) {
                throw new AssertionError("unexpected SSE line: " + line);
            }
        }
        assertThat(type).as("stream ended inside an event").isNull();
        return null;
    }

    private static List<JsonNode> data(List<Sse> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Sse::json).collect(Collectors.toList());
    }

    /** Numbered 1..n, chunk/audio/done in order, audio decodes, totals add up. */
    private static void assertWellFormedStream(List<Sse> events, String text) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo(i + 1L);
        }
        long frames = 0;
        long audioNanos = 0;
        int chunks = 0;
        int currentChunk = -1;
        int expectedFrame = 0;
        for (Sse event : events) {
            JsonNode data = event.json();
            switch (event.type()) {
                case "chunk" -> {
                    assertThat(data.get("chunk").asInt()).isEqualTo(++currentChunk);
                    assertThat(data.get("chars").asInt()).isLessThanOrEqualTo(FAST.maxChars());
                    assertThat(text).contains(data.get("text").asText());
                    chunks++;
                    expectedFrame = 0;
                }
                case "audio" -> {
                    assertThat(data.get("chunk").asInt()).isEqualTo(currentChunk);
                    assertThat(data.get("frame").asInt()).isEqualTo(expectedFrame++);
                    byte[] pcm = Base64.getDecoder().decode(data.get("pcm16").asText());
                    int samples = data.get("samples").asInt();
                    assertThat(pcm).hasSize(2 * samples);
                    audioNanos += samples
                            * 1_000_000_000L
                            / data.get("sample_rate_hz").asInt();
                    frames++;
                }
                case "done" -> {
                    assertThat(data.get("chunks").asInt()).isEqualTo(chunks);
                    assertThat(data.get("frames").asLong()).isEqualTo(frames);
                    assertThat(data.get("audio_ms").asLong())
                            .isCloseTo(audioNanos / 1_000_000, org.assertj.core.data.Offset.offset(chunks + 1L));
                    assertThat(data.get("chars").asInt()).isEqualTo(text.codePointCount(0, text.length()));
                }
                default -> throw new AssertionError("unexpected event " + event);
            }
        }
        assertThat(frames).isPositive();
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (message != null) {
            assertThat(error.get("message").asText()).startsWith(message);
        }
        assertThat(response.body()).doesNotContain("Exception", "\tat ", ".java:");
    }

    private static List<Sse> withoutElapsed(List<Sse> events) {
        return events.stream()
                .map(e -> e.type().equals("done")
                        ? new Sse(e.id(), e.type(), e.data().replaceAll(",\"elapsed_ms\":\\d+", ""))
                        : e)
                .collect(Collectors.toList());
    }

    private static String audioDigest(List<Sse> events) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (JsonNode frame : data(events, "audio")) {
            sha.update(Base64.getDecoder().decode(frame.get("pcm16").asText()));
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static final String[] WORDS = {
        "le", "chat", "dort", "sur", "la", "table", "the", "river", "flows", "quietly", "past",
        "old", "mill", "numbers", "42", "3.14", "café", "naïve", "über", "你好", "世界", "😀"
    };

    private static String words(Random random, int count) {
        return Stream.generate(() -> WORDS[random.nextInt(WORDS.length)])
                .limit(count)
                .collect(Collectors.joining(" "));
    }

    private static String sentences(Random random, int wordCount) {
        StringBuilder sb = new StringBuilder();
        int left = wordCount;
        while (left > 0) {
            int n = Math.min(left, 4 + random.nextInt(16));
            String sentence = words(random, n);
            sb.append(Character.toUpperCase(sentence.charAt(0))).append(sentence.substring(1));
            sb.append(random.nextInt(5) == 0 ? ", " : ". ");
            left -= n;
        }
        return sb.toString().trim();
    }
}
