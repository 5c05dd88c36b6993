package dev.speechload.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shaded server jar as a real child process, found through its ready file. Output goes to
 * a log file under target/ for post-mortems. {@link #close()} kills it if still running.
 */
public final class ServerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private int grpcPort;
    private int httpPort;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The jar the failsafe plugin points to. */
    public static Path jar() {
        String configured = System.getProperty("speechload.server.jar", "target/speechload-server.jar");
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("server jar not built: " + jar.toAbsolutePath()
                    + " (run mvn verify, which packages it before the ITs)");
        }
        return jar;
    }

    /** Starts {@code java -jar speechload-server.jar} with the flags; does not wait. */
    public static ServerProcess launch(Path workDir, String name, String... flags) throws IOException {
        Path log = Path.of("target", "it-logs", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar().toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServerProcess(process, log);
    }

    /** Starts with port 0 and a ready file, and waits until ready. */
    public static ServerProcess start(Path workDir, String name, String... flags) throws IOException {
        Path ready = workDir.resolve(name + ".ready.json");
        List<String> all = new ArrayList<>(List.of(
                "--grpc-port", "0", "--http-port", "0", "--ready-file", ready.toString(), "--engine-rtf", "0.01"));
        all.addAll(List.of(flags));
        ServerProcess server = launch(workDir, name, all.toArray(String[]::new));
        server.awaitReady(ready, Duration.ofSeconds(60));
        return server;
    }

    private void awaitReady(Path ready, Duration timeout) throws IOException {
        Poll.until(
                timeout,
                "ready file " + ready + " (log: " + log.toAbsolutePath() + ")",
                () -> Files.exists(ready) || !process.isAlive());
        if (!Files.exists(ready)) {
            throw new AssertionError("server exited with " + process.exitValue() + " before ready:\n" + log());
        }
        JsonNode json = JSON.readTree(ready.toFile());
        grpcPort = json.path("grpcPort").asInt();
        httpPort = json.path("httpPort").asInt();
        if (json.path("pid").asLong() != process.pid()) {
            throw new AssertionError("ready file names pid " + json.path("pid") + ", process is " + process.pid());
        }
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM. */
    public void sigterm() {
        process.destroy();
    }

    /** Waits for the exit; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server still running after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** The process output so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
