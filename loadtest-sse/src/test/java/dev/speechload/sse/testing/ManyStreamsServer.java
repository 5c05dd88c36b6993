package dev.speechload.sse.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback SSE server that holds thousands of concurrent streams on one thread (the JDK's
 * {@code HttpServer} writing a stream blocks a thread per open exchange, which is what the tests
 * using this must not need). Every request, whatever its path, is answered at once with
 * {@code 200 text/event-stream} headers, then {@code events} events {@code data: <n>}, one per
 * tick of {@code intervalMillis} to every open stream, then the connection closes (end of file
 * ends the stream). While {@link #pause() paused}, ticks send nothing: streams stay open with their
 * headers only. Counts the streams it answered. Owned by one test; close it.
 */
public final class ManyStreamsServer implements AutoCloseable {

    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private final ServerSocketChannel server;
    private final Selector selector;
    private final int events;
    private final long intervalNanos;
    private final AtomicInteger answered = new AtomicInteger();
    private final ArrayDeque<Stream> open = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean paused;

    private ManyStreamsServer(int events, long intervalMillis) throws IOException {
        this.events = events;
        this.intervalNanos = intervalMillis * 1_000_000L;
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::serve, "many-streams-server");
        thread.setDaemon(true);
    }

    /** A started server sending {@code events} (&gt;= 1) events per stream, {@code intervalMillis} apart. */
    public static ManyStreamsServer start(int events, long intervalMillis) throws IOException {
        ManyStreamsServer s = new ManyStreamsServer(events, intervalMillis);
        s.thread.start();
        return s;
    }

    /** {@code http://127.0.0.1:port}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.socket().getLocalPort());
    }

    /** Streams whose headers were sent. */
    public int streamsAnswered() {
        return answered.get();
    }

    /** From now on ticks send nothing; open streams wait. */
    public void pause() {
        paused = true;
    }

    /** Ticks send events again. */
    public void resume() {
        paused = false;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | InterruptedException e) {
            // Closing what a finished test leaves behind: nothing to report.
        }
    }

    private void serve() {
        long nextTick = System.nanoTime() + intervalNanos;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(Math.max(1, (nextTick - System.nanoTime()) / 1_000_000));
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept();
                    } else if (key.isValid() && key.isReadable()) {
                        ((Stream) key.attachment()).read(key);
                    }
                }
                if (System.nanoTime() - nextTick >= 0) {
                    if (!paused) {
                        tick();
                    }
                    nextTick = System.nanoTime() + intervalNanos;
                }
            }
        } catch (IOException e) {
            // The selector closed under us: the test is over.
        }
    }

    private void accept() throws IOException {
        SocketChannel c;
        while ((c = server.accept()) != null) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ, new Stream(c));
        }
    }

    /** Sends the next event to every open stream; closes those that sent their last. */
    private void tick() {
        for (int i = open.size(); i > 0; i--) {
            Stream s = open.poll();
            boolean written = s.send(("data: " + s.sent + "\n\n").getBytes(StandardCharsets.US_ASCII));
            if (written && ++s.sent < events) {
                open.add(s);
            } else {
                s.close();
            }
        }
    }

    /** One connection: how much of the request's head it has seen, and how many events it sent. */
    private final class Stream {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(1024);
        private int matched;
        private int sent;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }

        void read(SelectionKey key) {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                key.cancel();
                open.remove(this);
                close();
                return;
            }
            for (int i = 0; i < n && matched < END_OF_HEAD.length; i++) {
                byte b = in.get(i);
                matched = b == END_OF_HEAD[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == END_OF_HEAD.length) {
                    // The request (a GET: no body) is in: headers now, events from the next tick on.
                    if (send(HEADERS)) {
                        answered.incrementAndGet();
                        open.add(this);
                    }
                }
            }
        }

        /** Writes all of {@code bytes} (small: the socket buffer takes them); false when the client left. */
        boolean send(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            try {
                for (int spins = 0; b.hasRemaining() && spins < 1000; spins++) {
                    channel.write(b);
                }
                return !b.hasRemaining();
            } catch (IOException e) {
                return false;
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
