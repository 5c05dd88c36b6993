package dev.speechload.suites.tts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that breaks fresh SSE streams part-way:
 * a request without a {@code Last-Event-ID} header has its connection reset (RST) after
 * {@code cutAfterBytes} bytes of the response; a request that resumes (has the header) passes
 * through untouched. Every request and answer gets {@code Connection: close}, so each request has
 * a connection of its own: every stream is cut once and its resumption runs to the end. Threads are
 * daemons, one accept thread and two per connection. Thread-safe; close once.
 */
final class CuttingProxy implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long cutAfterBytes;
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();

    private CuttingProxy(ServerSocket listener, InetSocketAddress upstream, long cutAfterBytes) {
        this.listener = listener;
        this.upstream = upstream;
        this.cutAfterBytes = cutAfterBytes;
    }

    /** Starts a proxy to {@code upstreamHttp} ({@code http://host:port}) on a free loopback port. */
    static CuttingProxy start(URI upstreamHttp, long cutAfterBytes) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CuttingProxy proxy = new CuttingProxy(
                listener, new InetSocketAddress(upstreamHttp.getHost(), upstreamHttp.getPort()), cutAfterBytes);
        daemon("cutting-proxy-accept", proxy::acceptLoop).start();
        return proxy;
    }

    /** Where clients connect: {@code http://127.0.0.1:port}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Connections reset part-way so far. */
    int cuts() {
        return cuts.get();
    }

    /** Requests that carried {@code Last-Event-ID} so far. */
    int resumed() {
        return resumed.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                daemon("cutting-proxy-conn", () -> serve(client)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket server = new Socket()) {
            String head = closing(new String(readHead(client.getInputStream()), StandardCharsets.ISO_8859_1));
            boolean resuming = head.toLowerCase(Locale.ROOT).contains("\r\nlast-event-id:");
            if (resuming) {
                resumed.incrementAndGet();
            }
            server.connect(upstream, 2_000);
            server.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            server.getOutputStream().flush();
            daemon("cutting-proxy-up", () -> pump(client, server, Long.MAX_VALUE))
                    .start();
            // The answer says Connection: close too, or the client would pool a connection the
            // proxy is about to close and fail its next request on it.
            byte[] answerHead = closing(new String(readHead(server.getInputStream()), StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1);
            client.getOutputStream().write(answerHead);
            client.getOutputStream().flush();
            long forwarded = answerHead.length
                    + pump(server, client, resuming ? Long.MAX_VALUE : Math.max(0, cutAfterBytes - answerHead.length));
            if (forwarded >= cutAfterBytes && !resuming) {
                cuts.incrementAndGet();
                client.setSoLinger(true, 0); // close with RST: a broken connection, not an orderly end
            }
        } catch (IOException e) {
            // A side went away: the connection is over either way.
        }
    }

    /** Copies {@code from} to {@code to} until end of stream or {@code limit} bytes; returns bytes copied. */
    private static long pump(Socket from, Socket to, long limit) {
        long copied = 0;
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (copied < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                copied += n;
            }
        } catch (IOException e) {
            // One side closed.
        }
        return copied;
    }

    /**
     * The head with {@code Connection: close} instead of any {@code Connection} header: one
     * request per connection, so the proxy sees (and may cut) every request's head, and a
     * connection that carried a resumption is never reused for a fresh stream.
     */
    private static String closing(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.substring(0, head.length() - 4).split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    /** The request (or status) line and headers, up to and including the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEAD_BYTES) {
                throw new IOException("no complete message head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
