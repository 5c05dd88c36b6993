package dev.speechload.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SseTickServer} in a child JVM (this JVM's java and classpath): its open files count
 * against its own limit (20,000 per process here), not the generator's, and its thread and GC stay
 * out of the generator's figures. Asks it for its sent-event count over its standard input;
 * stopped (by its own PID only) on close. Not thread-safe.
 */
final class TickServerProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final int port;
    private final String command;

    private TickServerProcess(Process process, BufferedReader out, int port, String command) {
        this.process = process;
        this.out = out;
        this.in = process.getOutputStream();
        this.port = port;
        this.command = command;
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param heap the server's {@code -Xmx}, e.g. {@code "256m"}
     * @throws IOException when it does not start or says something else than its port
     */
    static TickServerProcess start(String heap, long events, long intervalMillis) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                SseTickServer.class.getName(),
                "--port",
                "0",
                "--events",
                Long.toString(events),
                "--interval-ms",
                Long.toString(intervalMillis));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String first = out.readLine();
        if (first == null || !first.startsWith("listening on ")) {
            p.destroyForcibly();
            throw new IOException("the SSE tick server did not start: it said " + first);
        }
        String shown = "java -Xmx" + heap + " -XX:+UseSerialGC " + SseTickServer.class.getSimpleName() + " --events "
                + events + " --interval-ms " + intervalMillis;
        return new TickServerProcess(
                p,
                out,
                Integer.parseInt(first.substring("listening on ".length()).trim()),
                shown);
    }

    int port() {
        return port;
    }

    /** The server's command line, for the report. */
    String command() {
        return command;
    }

    /** Events the server has written (or queued behind a full socket buffer) since it started. */
    long sentEvents() throws IOException {
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null || !line.startsWith("sent ")) {
            throw new IOException("the SSE tick server answered '" + line + "' to a count request");
        }
        return Long.parseLong(line.substring("sent ".length()).trim());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
