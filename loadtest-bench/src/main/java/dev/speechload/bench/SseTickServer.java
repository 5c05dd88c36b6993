package dev.speechload.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A loopback SSE server that holds tens of thousands of open streams on one thread (NIO, no
 * thread per stream), because the reference server is not built for that many: each connection
 * gets its response headers once its request's headers are in, then {@code data: <n> <µs>} (the
 * event's number and the wall clock in microseconds since the epoch when it was written) every
 * {@code --interval-ms} (first event at once) until {@code --events} were sent, then the server
 * closes it (end of file ends the stream). Writes that do not fit the socket buffer are kept and
 * finished when the socket is writable again; nothing is dropped.
 *
 * <p>Run it in its own JVM for more than ~9,000 streams (one process may hold 20,000 files here;
 * {@link SseManyStreamsBench} starts it so):
 * <pre>
 * java -Xmx256m -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseTickServer --port 0 --events 30 --interval-ms 1000
 * </pre>
 * It prints {@code listening on <port>}, answers each line on its standard input with
 * {@code sent <events>} (events written so far, or queued behind a full socket buffer), and runs until killed or
 * its standard input closes. Serving is single-threaded; only {@link #sentEvents} may be read from
 * another thread.
 */
public final class SseTickServer implements Runnable {

    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final long events;
    private final long intervalNanos;
    /** Written by the serving thread only. */
    private volatile long sentEvents;

    private final PriorityQueue<Stream> due = new PriorityQueue<>((a, b) -> Long.compare(a.nextNanos, b.nextNanos));

    /** Binds a loopback port ({@code port} 0: any free one). */
    public SseTickServer(int port, long events, long intervalMillis) throws IOException {
        this.events = events;
        this.intervalNanos = intervalMillis * 1_000_000L;
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 65_535);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    public static void main(String[] argv) throws IOException {
        Args args = Args.parse("SseTickServer", argv, Map.of("port", "0", "events", "30", "interval-ms", "1000"));
        SseTickServer s = new SseTickServer(
                args.intValue("port", 0, 65_535),
                args.longValue("events", 1, 1_000_000_000),
                args.longValue("interval-ms", 1, 3_600_000));
        Thread serving = new Thread(s, "sse-tick-server");
        serving.start();
        System.out.println("listening on " + s.port());
        System.out.flush();
        // The bench asks for the count on this JVM's standard input; its end (the bench is gone) stops the server.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        while (in.readLine() != null) {
            System.out.println("sent " + s.sentEvents());
            System.out.flush();
        }
        serving.interrupt();
    }

    /** Events written so far, or queued behind a full socket buffer (written when it drains). */
    public long sentEvents() {
        return sentEvents;
    }

    /** The bound port. */
    public int port() {
        return server.socket().getLocalPort();
    }

    /** Serves until the thread is interrupted or the selector fails. */
    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Stream next = due.peek();
                long waitMillis = next == null ? 1000 : Math.max(1, (next.nextNanos - System.nanoTime()) / 1_000_000);
                selector.select(waitMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                sendDue();
            }
        } catch (IOException e) {
            System.err.println("SseTickServer stopped: " + e);
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            SocketChannel c;
            while ((c = server.accept()) != null) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ, new Stream(c));
            }
            return;
        }
        Stream s = (Stream) key.attachment();
        try {
            if (key.isReadable()) {
                s.read(key);
            }
            if (key.isValid() && key.isWritable()) {
                s.flush(key);
            }
        } catch (IOException e) {
            s.close(key);
        }
    }

    private void sendDue() {
        long now = System.nanoTime();
        while (!due.isEmpty() && due.peek().nextNanos - now <= 0) {
            Stream s = due.poll();
            SelectionKey key = s.channel.keyFor(selector);
            if (key == null || !key.isValid()) {
                continue;
            }
            try {
                java.time.Instant wall = java.time.Instant.now();
                long micros = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1_000;
                s.send(("data: " + s.sent + " " + micros + "\n\n").getBytes(StandardCharsets.US_ASCII), key);
                s.sent++;
                sentEvents++; // one writer: this thread
                if (s.sent < events) {
                    s.nextNanos += intervalNanos;
                    due.add(s);
                } else {
                    s.closeAfterFlush = true;
                    s.flush(key);
                }
            } catch (IOException e) {
                s.close(key);
            }
        }
    }

    /** One connection: its request bytes seen, what is waiting to be written, its schedule. */
    private final class Stream {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(512);
        ByteBuffer pending;
        int headerMatch;
        boolean started;
        boolean closeAfterFlush;
        long sent;
        long nextNanos;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }

        /** Reads until the blank line ending the request headers, then starts the stream. */
        void read(SelectionKey key) throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                close(key);
                return;
            }
            if (started) {
                return;
            }
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int i = 0; i < n && headerMatch < 4; i++) {
                byte b = in.get(i);
                headerMatch = b == end[headerMatch] ? headerMatch + 1 : (b == '\r' ? 1 : 0);
            }
            if (headerMatch == 4) {
                started = true;
                send(HEADERS, key);
                nextNanos = System.nanoTime();
                due.add(this);
            }
        }

        void send(byte[] bytes, SelectionKey key) throws IOException {
            if (pending == null) {
                pending = ByteBuffer.wrap(bytes);
            } else {
                ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + bytes.length);
                joined.put(pending).put(bytes).flip();
                pending = joined;
            }
            flush(key);
        }

        void flush(SelectionKey key) throws IOException {
            if (pending != null) {
                channel.write(pending);
                if (!pending.hasRemaining()) {
                    pending = null;
                }
            }
            if (pending == null && closeAfterFlush) {
                close(key);
                return;
            }
            key.interestOps(pending == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        void close(SelectionKey key) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a connection the client already dropped: nothing to do.
            }
        }
    }
}
