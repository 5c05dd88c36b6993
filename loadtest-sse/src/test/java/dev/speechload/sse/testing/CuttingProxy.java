package dev.speechload.sse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that resets its first connection once it
 * has passed {@code cutAfterBytes} bytes of the server's answer (SO_LINGER 0: a real RST), and
 * passes every later connection through untouched. It provokes a mid-stream reset, which a
 * well-behaved server never sends by itself. Threads are daemons; {@link #close()} ends them.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long cutAfterBytes;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private CuttingProxy(InetSocketAddress upstream, long cutAfterBytes) throws IOException {
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.upstream = upstream;
        this.cutAfterBytes = cutAfterBytes;
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** A started proxy to {@code upstream} (an http URI on the loopback). */
    public static CuttingProxy to(URI upstream, long cutAfterBytes) throws IOException {
        return new CuttingProxy(new InetSocketAddress(upstream.getHost(), upstream.getPort()), cutAfterBytes);
    }

    /** The proxy's base URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(client);
                sockets.add(server);
                boolean cut = connections.incrementAndGet() == 1;
                pump(client, server, Long.MAX_VALUE, "up");
                pump(server, client, cut ? cutAfterBytes : Long.MAX_VALUE, "down");
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Copies {@code from} to {@code to}; after {@code limit} bytes resets both sockets. */
    private static void pump(Socket from, Socket to, long limit, String direction) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[4096];
                    long passed = 0;
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            int allowed = (int) Math.min(n, limit - passed);
                            out.write(buffer, 0, allowed);
                            out.flush();
                            passed += allowed;
                            if (passed >= limit) {
                                to.setSoLinger(true, 0);
                                from.setSoLinger(true, 0);
                                to.close();
                                from.close();
                                return;
                            }
                        }
                    } catch (IOException e) {
                        // one side closed: the other pump ends too
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "cutting-proxy-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        sockets.forEach(CuttingProxy::closeQuietly);
    }
}
