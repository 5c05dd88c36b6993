package dev.speechload.core.target.internal;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceProbes;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.Shutdown;
import dev.speechload.core.target.TargetException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProcessTarget} on {@link ProcessBuilder}. See the interface for the contract. Lifecycle
 * methods are synchronized; the exit time is taken by {@link Process#onExit()} as soon as the
 * kernel reports it, so a shutdown is measured correctly however late it is looked at.
 *
 * <p>The server runs in a process group of its own ({@link ProcessGroups}) watched by a
 * {@link Watchdog}, which ends the whole group if this JVM dies without closing the target.
 */
public final class LocalProcessTarget implements ProcessTarget {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessTarget.class);
    private static final int LOG_TAIL_LINES = 20;
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static volatile boolean warnedNoSetsid;

    private List<String> commandTemplate;
    private String name;
    private final Set<String> declaredPorts = new LinkedHashSet<>();
    private final Map<String, String> endpointTemplates = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private ReadinessProbe readiness;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Path logDir;
    private Path workingDirectory;
    private String metricsPathOrUrl;

    private volatile Process process;
    private Watchdog watchdog;
    private Endpoints endpoints;
    private Map<String, Integer> ports = Map.of();
    private Path logFile;
    private String commandLine;
    private final AtomicLong termSentNanos = new AtomicLong();
    private final AtomicLong exitedNanos = new AtomicLong();
    private volatile Shutdown lastShutdown;
    private boolean started;
    private boolean closed;

    public LocalProcessTarget(List<String> command, String defaultName) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a process target needs a command, got an empty list");
        }
        for (int i = 0; i < command.size(); i++) {
            Objects.requireNonNull(command.get(i), "command element " + i);
        }
        this.commandTemplate = List.copyOf(command);
        this.name = defaultName;
    }

    // ---- configuration -------------------------------------------------------------------

    @Override
    public ProcessTarget withCommand(List<String> command) {
        checkNotStarted();
        Objects.requireNonNull(command, "command");
        if (command.isEmpty() || command.stream().anyMatch(arg -> arg == null)) {
            throw new IllegalArgumentException("a process target needs a command without nulls, got " + command);
        }
        this.commandTemplate = List.copyOf(command);
        return this;
    }

    @Override
    public ProcessTarget withJar(Path jar) {
        checkNotStarted();
        Objects.requireNonNull(jar, "jar");
        int at = commandTemplate.indexOf("-jar");
        if (at < 0 || at + 1 >= commandTemplate.size()) {
            throw new IllegalArgumentException("cannot run another jar: the command has no '-jar <file>' ("
                    + String.join(" ", commandTemplate) + "); give a whole command instead");
        }
        List<String> command = new ArrayList<>(commandTemplate);
        command.set(at + 1, jar.toAbsolutePath().normalize().toString());
        this.commandTemplate = List.copyOf(command);
        return this;
    }

    @Override
    public ProcessTarget withName(String newName) {
        checkNotStarted();
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = newName;
        return this;
    }

    @Override
    public ProcessTarget withPorts(String... placeholderNames) {
        checkNotStarted();
        for (String placeholder : placeholderNames) {
            if (placeholder == null || !placeholder.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("port placeholder names are letters, digits and '_' "
                        + "(without braces), e.g. \"adminPort\"; was " + placeholder);
            }
            declaredPorts.add(placeholder);
        }
        return this;
    }

    @Override
    public ProcessTarget withEndpoint(String endpointName, String uriTemplate) {
        checkNotStarted();
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        endpointTemplates.put(endpointName, uriTemplate);
        return this;
    }

    @Override
    public ProcessTarget withReadiness(ReadinessProbe probe) {
        checkNotStarted();
        this.readiness = Objects.requireNonNull(probe, "probe");
        return this;
    }

    @Override
    public ProcessTarget withStartupTimeout(Duration timeout) {
        checkNotStarted();
        this.startupTimeout = Durations.positive(timeout, "startup timeout");
        return this;
    }

    @Override
    public ProcessTarget withShutdownGrace(Duration grace) {
        this.shutdownGrace = Durations.nonNegative(grace, "shutdown grace");
        return this;
    }

    @Override
    public ProcessTarget withLogDir(Path dir) {
        checkNotStarted();
        this.logDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    @Override
    public ProcessTarget withEnv(String variable, String value) {
        checkNotStarted();
        env.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public ProcessTarget withWorkingDirectory(Path dir) {
        checkNotStarted();
        this.workingDirectory = Objects.requireNonNull(dir, "dir");
        return this;
    }

    @Override
    public ProcessTarget withMetrics(String pathOrUrl) {
        checkNotStarted();
        this.metricsPathOrUrl = Objects.requireNonNull(pathOrUrl, "pathOrUrl");
        return this;
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException(
                    "process target '" + name + "' is already started; configure it before start()");
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(
                    "process target '" + name + "' was already started; targets are single use");
        }
        started = true;
        PortPlaceholders placeholders = PortPlaceholders.choose(placeholderNames());
        List<String> command = new ArrayList<>(commandTemplate.size());
        commandTemplate.forEach(arg -> command.add(placeholders.apply(arg)));
        commandLine = String.join(" ", command);
        ports = placeholders.ports();
        endpoints = resolveEndpoints(placeholders);

        Path dir = (logDir != null ? logDir : DefaultDirs.logDir()).toAbsolutePath();
        String safeName = LogFiles.safeName(name);
        Path startingLog;
        try {
            Files.createDirectories(dir);
            startingLog = Files.createTempFile(dir, safeName + "-starting-", ".log");
        } catch (IOException e) {
            throw new TargetException(
                    "process target '" + name + "': cannot create its log in " + dir + ": " + e.getMessage()
                            + "; choose a writable directory with withLogDir(..)",
                    e);
        }
        Optional<Path> setsid = ProcessGroups.setsid();
        ProcessBuilder builder = new ProcessBuilder(launchCommand(command, setsid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(startingLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        env.forEach((k, v) -> builder.environment().put(k, placeholders.apply(v)));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TargetException(
                    "process target '" + name + "' could not be started: " + e.getMessage() + "; check the command: "
                            + commandLine,
                    e);
        }
        ChildProcesses.register(process);
        process.onExit().thenRun(() -> exitedNanos.compareAndSet(0, System.nanoTime()));
        logFile = nameLogByPid(startingLog, dir.resolve(safeName + "-" + process.pid() + ".log"));
        watchdog = Watchdog.watch(process.pid(), setsid.isPresent(), shutdownGrace, logFile)
                .orElse(null);
        LOG.info("started {} (pid {}), log {}", commandLine, process.pid(), logFile);

        if (readiness != null) {
            try {
                ReadinessWait.await(
                        "process target '" + name + "' (pid " + process.pid() + ")",
                        readiness,
                        endpoints,
                        startupTimeout,
                        this::checkAliveDuringStartup);
            } catch (TargetException e) {
                boolean exited = !process.isAlive();
                closed = true;
                stopQuietly();
                releaseWatchdog();
                if (exited) {
                    throw e;
                }
                throw new TargetException(
                        e.getMessage() + "\nlog " + logFile + ", last lines:\n"
                                + LogFiles.tail(logFile, LOG_TAIL_LINES),
                        e);
            }
        } else {
            try {
                checkAliveDuringStartup();
            } catch (TargetException e) {
                closed = true;
                releaseWatchdog();
                throw e;
            }
        }
    }

    /**
     * The command as started: through {@code setsid} where there is one, so the server leads a
     * process group the {@link Watchdog} can end as a whole. setsid would report a missing program
     * only as its own exit code, so the program is looked up first, as the JVM would.
     */
    private List<String> launchCommand(List<String> command, Optional<Path> setsid) {
        if (setsid.isEmpty()) {
            warnNoSetsid();
            return command;
        }
        String program = command.get(0);
        if (ProcessGroups.executable(program, workingDirectory, System.getenv("PATH"))
                .isEmpty()) {
            throw new TargetException("process target '" + name + "' could not be started: no executable file "
                    + program + (program.contains("/") ? "" : " on the PATH") + "; check the command: " + commandLine);
        }
        return ProcessGroups.inOwnGroup(setsid.get(), command);
    }

    private static void warnNoSetsid() {
        if (!warnedNoSetsid) {
            warnedNoSetsid = true;
            LOG.warn("no setsid program on the PATH (util-linux): process targets share this JVM's process group;"
                    + " if this JVM is killed with kill -9, only each server's own process is ended, not the"
                    + " processes it started. Install util-linux to have the whole group ended");
        }
    }

    /** Lets the watchdog go once the server has stopped (it ends what the server left in its group). */
    private void releaseWatchdog() {
        Watchdog w = watchdog;
        watchdog = null;
        if (w != null) {
            w.close();
        }
    }

    private Set<String> placeholderNames() {
        List<String> texts = new ArrayList<>(commandTemplate);
        texts.addAll(env.values());
        texts.addAll(endpointTemplates.values());
        Set<String> names = new LinkedHashSet<>(PortPlaceholders.implicitNames(texts));
        names.addAll(declaredPorts);
        return names;
    }

    private Endpoints resolveEndpoints(PortPlaceholders placeholders) {
        Map<String, String> templates = new LinkedHashMap<>();
        if (placeholders.ports().containsKey("grpcPort")) {
            templates.put(Endpoints.GRPC, "grpc://127.0.0.1:{grpcPort}");
        }
        if (placeholders.ports().containsKey("httpPort")) {
            templates.put(Endpoints.HTTP, "http://127.0.0.1:{httpPort}");
        }
        templates.putAll(endpointTemplates);
        Map<String, URI> uris = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : templates.entrySet()) {
            String text = placeholders.apply(e.getValue());
            String left = PortPlaceholders.leftover(text);
            if (left != null) {
                throw new IllegalArgumentException("endpoint '" + e.getKey() + "' of process target '" + name + "' ("
                        + e.getValue() + ") uses " + left + ", which is not a port placeholder; known: "
                        + placeholders.ports().keySet() + ". Port placeholder names end in 'Port' or are "
                        + "declared with withPorts(..)");
            }
            try {
                uris.put(e.getKey(), URI.create(text));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(
                        "endpoint '" + e.getKey() + "' of process target '" + name + "' is not a URI: " + text, bad);
            }
        }
        return new Endpoints(uris);
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Renames the log to name-PID.log; on file systems that refuse (open file on Windows) keeps the first name. */
    private static Path nameLogByPid(Path startingLog, Path byPid) {
        try {
            return Files.move(startingLog, byPid, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return startingLog;
        }
    }

    private void checkAliveDuringStartup() {
        Process p = process;
        if (p.isAlive()) {
            return;
        }
        int code = waitForExitCode(p);
        ChildProcesses.unregister(p);
        throw new TargetException("process target '" + name + "' exited during startup with exit code " + code
                + "\ncommand: " + commandLine + "\nlog " + logFile + ", last lines:\n"
                + LogFiles.tail(logFile, LOG_TAIL_LINES));
    }

    private static int waitForExitCode(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void signalTerm() {
        Process p = process;
        if (p != null && p.isAlive() && termSentNanos.compareAndSet(0, System.nanoTime())) {
            LOG.info("sending SIGTERM to {} (pid {})", name, p.pid());
            p.destroy();
        }
    }

    @Override
    public Optional<Shutdown> awaitShutdown(Duration timeout) {
        Durations.nonNegative(timeout, "timeout");
        Process p = process;
        if (p == null || termSentNanos.get() == 0) {
            throw new IllegalStateException(
                    "process target '" + name + "': call signalTerm() before awaitShutdown(..)");
        }
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(recordShutdown(p, false));
    }

    private synchronized Shutdown recordShutdown(Process p, boolean killed) {
        if (lastShutdown == null) {
            exitedNanos.compareAndSet(0, System.nanoTime());
            long nanos = Math.max(0, exitedNanos.get() - termSentNanos.get());
            lastShutdown = new Shutdown(Duration.ofNanos(nanos), p.exitValue(), killed);
            ChildProcesses.unregister(p);
            LOG.info(
                    "{} (pid {}) stopped: exit code {} after {} ms{}",
                    name,
                    p.pid(),
                    p.exitValue(),
                    lastShutdown.duration().toMillis(),
                    killed ? ", killed after the grace period" : "");
        }
        return lastShutdown;
    }

    @Override
    public synchronized void close() {
        if (process == null || closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            releaseWatchdog();
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("could not stop {} cleanly: {}", name, e.toString());
        }
    }

    private void stop() {
        Process p = process;
        if (!p.isAlive() && termSentNanos.get() == 0) {
            ChildProcesses.unregister(p);
            LOG.warn(
                    "{} (pid {}) had already exited with code {} before it was stopped",
                    name,
                    p.pid(),
                    waitForExitCode(p));
            return;
        }
        signalTerm();
        boolean killed = false;
        try {
            long waitNanos = shutdownGrace.toNanos() - (System.nanoTime() - termSentNanos.get());
            if (!p.waitFor(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
                LOG.warn(
                        "{} (pid {}) still runs {} after SIGTERM; killing it",
                        name,
                        p.pid(),
                        Durations.text(shutdownGrace));
                killed = true;
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                if (!p.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new TargetException("process target '" + name + "' (pid " + p.pid() + ") did not die within "
                            + Durations.text(KILL_WAIT) + " of SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new TargetException("interrupted while stopping process target '" + name + "'; it was killed", e);
        }
        recordShutdown(p, killed);
    }

    // ---- state ---------------------------------------------------------------------------

    @Override
    public Endpoints endpoints() {
        if (endpoints == null) {
            throw new IllegalStateException("process target '" + name + "' has no endpoints before start()");
        }
        return endpoints;
    }

    @Override
    public String kind() {
        return "process";
    }

    @Override
    public String description() {
        return commandLine != null ? commandLine : String.join(" ", commandTemplate);
    }

    @Override
    public OptionalLong pid() {
        Process p = process;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
    }

    @Override
    public Optional<ResourceProbe> resourceProbe() {
        Process p = process;
        if (p == null) {
            return Optional.empty();
        }
        if (ResourceProbes.procAvailable()) {
            return Optional.of(ResourceProbes.proc(p.pid()));
        }
        if (metricsPathOrUrl != null) {
            URI url = metricsPathOrUrl.startsWith("/")
                    ? endpoints.http().resolve(metricsPathOrUrl)
                    : URI.create(metricsPathOrUrl);
            return Optional.of(ResourceProbes.metricsJson(url));
        }
        return Optional.empty();
    }

    @Override
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Dead once the process exited on its own; an exit after {@link #signalTerm()} or {@link #close()} is not a death. */
    @Override
    public Liveness liveness() {
        return new ProcessLiveness(
                "process target '" + name + "'"
                        + pid().stream()
                                .mapToObj(p -> " (pid " + p + ")")
                                .findFirst()
                                .orElse(""),
                this::exitCode,
                () -> termSentNanos.get() != 0,
                exitedNanos::get,
                () -> logFile);
    }

    @Override
    public Map<String, Integer> ports() {
        return ports;
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    @Override
    public Optional<Shutdown> lastShutdown() {
        return Optional.ofNullable(lastShutdown);
    }

    @Override
    public OptionalInt exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
    }

    @Override
    public String toString() {
        return "process target '" + name + "': " + description();
    }
}
