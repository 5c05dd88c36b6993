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
 * A loopback SSE server for thousands of concurrent streams on one thread (the JDK's
 * {@code HttpServer}, a thread per open exchange, is not fit for that): every request gets
 * {@code events} events {@code data: <n>}, one per {@code intervalMillis} (the first at once),
 * then the connection closes (end of file ends the stream). Events go out in ticks of the
 * interval, to every stream due. Counts the streams it opened. Owned by one test; close it.
 */
public final class ManyStreamsServer implements AutoCloseable {

    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final int events;
    private final long intervalMillis;
    private final AtomicInteger opened = new AtomicInteger();
    private final ArrayDeque<Stream> streams = new ArrayDeque<>();
    private final Thread thread;

    private ManyStreamsServer(int events, long intervalMillis) throws IOException {
        this.events = events;
        this.intervalMillis = intervalMillis;
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::serve, "many-streams-server");
        thread.setDaemon(true);
    }

    /** A started server sending {@code events} events per stream, {@code intervalMillis} apart. */
    public static ManyStreamsServer start(int events, long intervalMillis) throws IOException {
        ManyStreamsServer s = new ManyStreamsServer(events, intervalMillis);
        s.thread.start();
        return s;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.socket().getLocalPort());
    }

    /** Streams whose response started. */
    public int streamsOpened() {
        return opened.get();
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
            // Closing what a finished test leaves: nothing to report.
        }
    }

    private void serve() {
        long nextTick = System.nanoTime();
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
                    tick();
                    nextTick = System.nanoTime() + intervalMillis * 1_000_000;
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

    /** Sends the next event to every open stream; closes those that sent all. */
    private void tick() {
        for (int i = streams.size(); i > 0; i--) {
            Stream s = streams.poll();
            if (s.send(("data: " + s.sent + "\n\n").getBytes(StandardCharsets.US_ASCII)) && ++s.sent < events) {
                streams.add(s);
            } else {
                s.close();
            }
        }
    }

    /** One connection: how much of the request's head it has seen and how many events it sent. */
    private final class Stream {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(1024);
        int blankLine;
        int sent;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }

        void read(SelectionKey key) throws IOException {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                key.cancel();
                close();
                return;
            }
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int i = 0; i < n && blankLine < 4; i++) {
                byte b = in.get(i);
                blankLine = b == end[blankLine] ? blankLine + 1 : (b == '\r' ? 1 : 0);
                if (blankLine == 4) {
                    // The request is in: headers now, events from the next tick on.
                    opened.incrementAndGet();
                    key.interestOps(0);
                    if (send(HEADERS)) {
                        streams.add(this);
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
