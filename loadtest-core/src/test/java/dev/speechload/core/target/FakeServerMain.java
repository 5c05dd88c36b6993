package dev.speechload.core.target;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A tiny stand-in server for the process target tests, run as its own JVM:
 * {@code java -cp <test-classes> dev.speechload.core.target.FakeServerMain PORT [options]}.
 *
 * <p>Options: {@code --exit-at-start CODE} (complain on stderr and exit), {@code --health-status N}
 * ({@code /health} answers N), {@code --hang-on-term} (a shutdown hook that never ends, so only
 * SIGKILL stops it), {@code --hold-shutdown} (the shutdown hook waits for
 * {@code GET /release-shutdown}), {@code --crash-after N} ({@code /work} answers N requests, then
 * halts the process with exit status 137 on the next, like the reference server's crash fault).
 * Endpoints: {@code /health}, {@code /pid}, {@code /args}, {@code /work},
 * {@code /leak/memory?mb=N}, {@code /leak/fds?count=N}, {@code /leak/threads?count=N}.
 * The leaks are kept until the process exits, so readings of it change for good.
 */
public final class FakeServerMain {

    private static final List<Object> LEAKED = new ArrayList<>();

    private FakeServerMain() {}

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int port = Integer.parseInt(args[0]);
        int exitAtStart = intOption(options, "--exit-at-start", -1);
        if (exitAtStart >= 0) {
            System.out.println("fake: reading configuration");
            System.err.println("fake: bad config: no model loaded");
            System.exit(exitAtStart);
        }
        int healthStatus = intOption(options, "--health-status", 200);
        int crashAfter = intOption(options, "--crash-after", Integer.MAX_VALUE);
        AtomicInteger workRequests = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        if (options.contains("--hang-on-term")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("fake: shutdown hook started, hanging");
                System.out.flush();
                while (true) {
                    LockSupport.park();
                }
            }));
        } else if (options.contains("--hold-shutdown")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("fake: shutdown hook started, waiting for /release-shutdown");
                System.out.flush();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.println("fake: shutdown done");
            }));
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake: shutdown hook ran")));
        }

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/health", ex -> reply(ex, healthStatus, "health"));
        server.createContext(
                "/pid",
                ex -> reply(ex, 200, Long.toString(ProcessHandle.current().pid())));
        server.createContext("/work", ex -> {
            if (workRequests.incrementAndGet() > crashAfter) {
                System.out.println("fake: crash fault after " + crashAfter + " requests");
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
            reply(ex, 200, "done");
        });
        server.createContext("/args", ex -> reply(ex, 200, String.join(" ", args)));
        server.createContext("/release-shutdown", ex -> {
            reply(ex, 200, "released"); // before releasing: the JVM halts soon after
            release.countDown();
        });
        server.createContext("/leak/memory", ex -> {
            int mb = query(ex, "mb");
            for (int i = 0; i < mb; i++) {
                byte[] block = new byte[1024 * 1024];
                Arrays.fill(block, (byte) 1); // touch every page so it is resident
                synchronized (LEAKED) {
                    LEAKED.add(block);
                }
            }
            reply(ex, 200, "leaked " + mb + " MiB");
        });
        server.createContext("/leak/fds", ex -> {
            int count = query(ex, "count");
            for (int i = 0; i < count; i++) {
                InputStream in = new FileInputStream("/proc/self/status");
                synchronized (LEAKED) {
                    LEAKED.add(in);
                }
            }
            reply(ex, 200, "leaked " + count + " fds");
        });
        server.createContext("/leak/threads", ex -> {
            int count = query(ex, "count");
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(
                        () -> {
                            while (true) {
                                LockSupport.park();
                            }
                        },
                        "leaked-" + i);
                t.setDaemon(true);
                t.start();
                synchronized (LEAKED) {
                    LEAKED.add(t);
                }
            }
            reply(ex, 200, "leaked " + count + " threads");
        });
        server.start();
        System.out.println("fake: listening on 127.0.0.1:" + port);
        System.err.println("fake: stderr is captured too");
    }

    private static int intOption(List<String> options, String name, int fallback) {
        int i = options.indexOf(name);
        return i < 0 ? fallback : Integer.parseInt(options.get(i + 1));
    }

    private static int query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getQuery();
        for (String pair : q == null ? new String[0] : q.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return Integer.parseInt(kv[1]);
            }
        }
        throw new IllegalArgumentException("missing query parameter " + name);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
