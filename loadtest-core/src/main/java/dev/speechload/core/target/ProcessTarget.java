package dev.speechload.core.target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A server run as a local process, made by {@link Targets#process}, {@link Targets#javaJar} or
 * {@link Targets#referenceServer}. Configure with {@code with...} (mutable: each changes and returns
 * this same, single-use target), then {@link #start()}, then {@link #close()}.
 *
 * <p><b>Ports.</b> A {@code {name}} whose name ends in {@code Port} (e.g. {@code {grpcPort}},
 * {@code {httpPort}}) in the command, an environment value or an endpoint is replaced at start
 * by a free port on 127.0.0.1, the same port everywhere it appears; {@link #withPorts} declares
 * other names. When the command uses {@code {grpcPort}} or {@code {httpPort}} and no endpoint of
 * that name was given, the endpoint {@code grpc://127.0.0.1:{grpcPort}} or
 * {@code http://127.0.0.1:{httpPort}} is added.
 *
 * <p><b>Logs.</b> stdout and stderr go, interleaved, to {@code <logDir>/<name>-<pid>.log}
 * (default logDir: {@code <resultsDir>/logs}, see {@link #withLogDir}).
 *
 * <p><b>Stopping.</b> {@link #close()} sends SIGTERM ({@link Process#destroy()}), waits for the
 * grace period, then kills (SIGKILL) and records a {@link Shutdown}. A command that starts the
 * real server as a child (a shell script) must {@code exec} it, or SIGTERM reaches only the shell.
 *
 * <p>Not thread-safe, except that {@link #isRunning()}, {@link #signalTerm()} and
 * {@link #awaitShutdown} may be called from any thread while the target runs.
 */
public interface ProcessTarget extends Target {

    /**
     * Replaces the command (executable and arguments; placeholders allowed), keeping every other
     * setting: how an A/B comparison runs a reference build given as a command line.
     */
    ProcessTarget withCommand(List<String> command);

    /**
     * Replaces the jar of a {@code java -jar <file> ...} command, keeping the arguments and every
     * other setting: how an A/B comparison runs a reference build given as a jar.
     *
     * @throws IllegalArgumentException when the command has no {@code -jar <file>}
     */
    ProcessTarget withJar(Path jar);

    /** Names the server in logs and messages (default: the jar or executable's file name). */
    ProcessTarget withName(String name);

    /** Declares port placeholders whose names do not end in {@code Port}, e.g. {@code "admin"} for {@code {admin}}. */
    ProcessTarget withPorts(String... placeholderNames);

    /**
     * Adds or replaces an endpoint, e.g. {@code withEndpoint("grpc", "grpc://127.0.0.1:{grpcPort}")}.
     * The template may hold port placeholders and nothing else in braces.
     */
    ProcessTarget withEndpoint(String name, String uriTemplate);

    /** How to tell the server is ready (default: none, ready once the process has started). */
    ProcessTarget withReadiness(ReadinessProbe probe);

    /** How long {@link #start()} waits for readiness (default 60 s); positive. */
    ProcessTarget withStartupTimeout(Duration timeout);

    /** How long {@link #close()} waits after SIGTERM before killing (default 10 s); zero or more. */
    ProcessTarget withShutdownGrace(Duration grace);

    /** Where the log file goes; created when missing. */
    ProcessTarget withLogDir(Path dir);

    /** Sets an environment variable of the process; the value may hold port placeholders. */
    ProcessTarget withEnv(String name, String value);

    /** The process's working directory (default: this JVM's). */
    ProcessTarget withWorkingDirectory(Path dir);

    /**
     * A JSON metrics endpoint ({@code /metrics} or an absolute URL) used as the resource probe
     * where {@code /proc} is missing (macOS, Windows). On Linux the {@code /proc} probe is used.
     */
    ProcessTarget withMetrics(String pathOrUrl);

    /** The chosen port of each placeholder name; empty before {@link #start()}. */
    Map<String, Integer> ports();

    /** The log file; empty before {@link #start()}. */
    Optional<Path> logFile();

    /**
     * Sends SIGTERM now and returns at once; the server keeps running while it shuts down, so a
     * test can watch what it does with open streams. Later {@link #close()} and
     * {@link #awaitShutdown} measure from this signal. No effect when not running.
     */
    void signalTerm();

    /**
     * Waits up to {@code timeout} for the process to exit after {@link #signalTerm()}, never
     * killing it.
     *
     * @return the shutdown measured from the signal, or empty when it still runs
     * @throws IllegalStateException when no SIGTERM was sent
     */
    Optional<Shutdown> awaitShutdown(Duration timeout);

    /** How the last stop after SIGTERM went; empty when the process was never signalled. */
    Optional<Shutdown> lastShutdown();

    /** The exit code once the process has exited (for any reason); else empty. */
    OptionalInt exitCode();
}
