package dev.speechload.sse.internal;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.sse.SseListener;
import dev.speechload.sse.StreamOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the classes of the whole stream path once per JVM, before anything is measured.
 *
 * <p>Why: the first OkHttp call in a fresh JVM spends about 450 ms loading and initialising
 * classes (OkHttp's connection and HTTP/1 code, okio, Kotlin's runtime, our parser, Jackson).
 * Without this, the first measured stream of a run without warm-up iterations would carry that
 * time in its time to first event. The warm-up streams one small TTS-like response
 * ({@code audio} then {@code done}) from a one-shot server on a loopback port through the same
 * client settings, request building, parser and event checks as a real stream. It never
 * contacts the target, is bounded by 5 s, and a failure is only logged (the run goes on;
 * its first stream is then slower).
 *
 * <p>Thread-safe; {@link #once()} runs the warm-up at most once per JVM (classes stay loaded).
 * Not API.
 */
public final class OkHttpWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(OkHttpWarmup.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String BODY = "id: 1\nevent: audio\ndata: {\"samples\":2,\"sample_rate_hz\":16000,"
            + "\"pcm16\":\"AAAAAA==\"}\n\nid: 2\nevent: done\ndata: {\"frames\":1}\n\n";

    private OkHttpWarmup() {}

    /** Runs {@link #run()} the first time it is called in this JVM; later calls return at once. */
    public static void once() {
        if (DONE.compareAndSet(false, true)) {
            try {
                StreamOutcome o = run();
                if (!o.ok()) {
                    LOG.debug("the SSE warm-up stream failed: {}", o);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("the SSE warm-up could not run: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Streams the warm-up response once (whether or not it ran before) and returns its outcome:
     * ok, one counted {@code audio} event of two samples.
     *
     * @throws IOException when no loopback port can be opened
     */
    public static StreamOutcome run() throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
            Thread answer = new Thread(() -> answerOnce(server), "sse-warmup");
            answer.setDaemon(true);
            answer.start();
            OkHttpClient client = SseClients.create(
                    "warmup", 1, Duration.ofSeconds(5), Duration.ofSeconds(5), ChannelThreads.PLATFORM);
            try {
                StreamSpec spec = new StreamSpec(
                        "warm-up",
                        e -> e.is("audio"),
                        e -> e.is("done"),
                        e -> e.is("error"),
                        e -> JsonEvents.field(e.data(), "code"),
                        e -> JsonEvents.field(e.data(), "message"),
                        e -> e.is("done") ? JsonEvents.jsonProblem(e) : null,
                        e -> e.is("audio"),
                        16_000,
                        true,
                        64 * 1024,
                        0,
                        SseListener.none(),
                        0);
                Request request = new Request.Builder()
                        .url("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort()
                                + "/warm-up")
                        .header("Accept", "text/event-stream")
                        .post(RequestBody.create(
                                "{\"text\":\"warm-up\"}".getBytes(StandardCharsets.UTF_8),
                                MediaType.get("application/json; charset=utf-8")))
                        .build();
                long start = System.nanoTime();
                SseStream stream = new SseStream(client, spec, request, GapBuffer.discarding());
                stream.start(start, start + BOUND_NANOS);
                return stream.await(new SseStream.Bound(start + BOUND_NANOS, "the warm-up bound (5000 ms)", false));
            } finally {
                SseClients.close(client);
                answer.interrupt();
            }
        }
    }

    /** Reads one request (headers and a Content-Length body) and answers it with {@link #BODY}. */
    private static void answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while (!endsWithBlankLine(head) && (c = in.read()) >= 0) {
                head.append((char) c);
            }
            in.readNBytes(contentLength(head.toString()));
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The client side reports the failure; nothing to add here.
        }
    }

    private static boolean endsWithBlankLine(StringBuilder head) {
        int n = head.length();
        return n >= 4
                && head.charAt(n - 4) == '\r'
                && head.charAt(n - 3) == '\n'
                && head.charAt(n - 2) == '\r'
                && head.charAt(n - 1) == '\n';
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }
}
