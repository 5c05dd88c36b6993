package dev.speechload.server;

import dev.speechload.server.fault.FaultSettings;
import dev.speechload.server.lifecycle.PidFile;
import dev.speechload.server.lifecycle.PidFileHeldException;
import dev.speechload.server.lifecycle.TerminationSignals;
import dev.speechload.server.stt.SttSettings;
import dev.speechload.server.tts.TtsSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The server's command line. {@link #toConfig()} turns the flags into a checked
 * {@link ServerConfig}, reporting every bad flag at once; {@link #call()} runs the server until
 * SIGTERM/SIGINT and returns an exit status from {@link ExitCodes}. Single use.
 */
@Command(
        name = "speechload-server",
        mixinStandardHelpOptions = true,
        version = "speechload-server 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Reference streaming speech server for load tests: gRPC speech-to-text "
                + "(SpeechToText.StreamingRecognize) and SSE text-to-speech (/v1/tts), with /health, "
                + "/metrics, limits, backpressure and fault injection.",
        footer = {
            "",
            "Every flag can also be set by an environment variable named after it, e.g.",
            "  --fault-latency-ms -> SPEECHLOAD_FAULT_LATENCY_MS. A flag given on the command " + "line wins.",
            "Durations: 500ms, 10s, 1.5s, 2m, 1h or ISO-8601 (PT10S); a bare number is seconds.",
            "Exit status: 0 clean stop, 1 startup failure, 2 usage error, 3 pid file held by a "
                    + "live server, 137 crash fault."
        })
public final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    private CommandSpec spec;

    // --- listeners and files
    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Host or address to listen on (0.0.0.0 in containers). Default: " + "${DEFAULT-VALUE}.")
    String bind;

    @Option(
            names = "--grpc-port",
            defaultValue = "50051",
            paramLabel = "PORT",
            description = "gRPC port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int grpcPort;

    @Option(
            names = "--http-port",
            defaultValue = "8000",
            paramLabel = "PORT",
            description = "HTTP port (health, metrics, TTS); 0 picks a free one. " + "Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(
            names = "--ready-file",
            paramLabel = "PATH",
            description = "When ready, write {\"grpcPort\":..,\"httpPort\":..,\"pid\":..} here.")
    Path readyFile;

    @Option(
            names = "--pid-file",
            paramLabel = "PATH",
            description = "Refuse to start (exit 3) while this file names a live process; "
                    + "replace a stale one; remove it on exit.")
    Path pidFile;

    @Option(
            names = "--metrics-token",
            paramLabel = "TOKEN",
            description =
                    "Require 'Authorization: Bearer TOKEN' on /metrics and " + "/metrics/prometheus (401 otherwise).")
    String metricsToken;

    @Option(
            names = "--shutdown-grace",
            defaultValue = "10s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "After SIGTERM, how long open streams may finish before they are closed. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    // --- STT
    @Option(
            names = "--decode-pool-size",
            paramLabel = "N",
            description = "STT decode worker threads. Default: the number of CPUs.")
    Integer decodePoolSize;

    @Option(
            names = "--max-buffer-bytes",
            defaultValue = "67108864",
            paramLabel = "BYTES",
            description =
                    "Global cap on buffered audio, enforced with gRPC flow control: a stream is "
                            + "asked for its next message only while the total is under it. Default: ${DEFAULT-VALUE} (64 MiB).")
    long maxBufferBytes;

    @Option(
            names = "--max-pending-decodes",
            defaultValue = "64",
            paramLabel = "N",
            description = "Global cap on queued or running decodes; at it interim decodes are "
                    + "dropped and finals wait for a slot (never dropped). Default: ${DEFAULT-VALUE}.")
    int maxPendingDecodes;

    @Option(
            names = "--max-sessions",
            defaultValue = "256",
            paramLabel = "N",
            description =
                    "Concurrent STT sessions; more get RESOURCE_EXHAUSTED/ERR2002. " + "Default: ${DEFAULT-VALUE}.")
    int maxSessions;

    @Option(
            names = "--rate-limit-factor",
            defaultValue = "0",
            paramLabel = "X",
            description = "A stream sending audio faster than X times real time (over "
                    + "--rate-limit-window) ends with RESOURCE_EXHAUSTED/ERR2003; 0 = no limit. "
                    + "Default: ${DEFAULT-VALUE}.")
    double rateLimitFactor;

    @Option(
            names = "--rate-limit-window",
            defaultValue = "1s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Burst window of the rate limit. Default: ${DEFAULT-VALUE}.")
    Duration rateLimitWindow;

    @Option(
            names = "--session-timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "A session with no client message for this long ends with "
                    + "DEADLINE_EXCEEDED/ERR2004. Default: ${DEFAULT-VALUE}.")
    Duration sessionTimeout;

    @Option(
            names = "--engine-rtf",
            defaultValue = "0.05",
            paramLabel = "X",
            description = "CPU seconds the synthetic STT engine burns per audio second "
                    + "(0.05 = 50 ms; 0 = none). Default: ${DEFAULT-VALUE}.")
    double engineRtf;

    @Option(
            names = "--partial-interval-ms",
            defaultValue = "500",
            paramLabel = "MS",
            description = "Audio between interim decodes when partials are on. " + "Default: ${DEFAULT-VALUE}.")
    int partialIntervalMs;

    // --- TTS (defaults come from TtsSettings.defaults())
    @Option(
            names = "--tts-engine",
            paramLabel = "ENGINE",
            description = "TTS engine: synthetic | espeak (needs espeak-ng). Default: synthetic.")
    String ttsEngine;

    @Option(
            names = "--tts-rtf",
            paramLabel = "X",
            description = "CPU seconds the synthetic TTS engine burns per audio second. " + "Default: 0.05.")
    Double ttsRtf;

    @Option(
            names = "--tts-max-chars",
            paramLabel = "N",
            description = "Most characters synthesized per chunk. Default: 200.")
    Integer ttsMaxChars;

    @Option(
            names = "--tts-max-text-chars",
            paramLabel = "N",
            description = "Most characters per TTS request (413/ERR1002 above). Default: 20000.")
    Integer ttsMaxTextChars;

    @Option(
            names = "--tts-chunk-timeout",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Longest synthesis of one chunk (ERR1004 above). Default: 10s.")
    Duration ttsChunkTimeout;

    @Option(
            names = "--tts-sample-rate",
            paramLabel = "HZ",
            description = "Sample rate of the synthetic TTS engine. Default: 16000.")
    Integer ttsSampleRate;

    // --- faults
    @Option(
            names = "--fault-latency-ms",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Fault: extra delay before every STT result and TTS chunk.")
    long faultLatencyMs;

    // Descriptions are format strings: "%%" prints one percent sign.
    @Option(
            names = "--fault-latency-factor",
            defaultValue = "1.0",
            paramLabel = "X",
            description = "Fault: hold every STT result and TTS chunk back for X - 1 times the time the "
                    + "engine took to produce it, so the server's own processing time is multiplied by X "
                    + "(1.1 = 10 %% slower; 1.0 = off). Default: ${DEFAULT-VALUE}.")
    double faultLatencyFactor;

    @Option(
            names = "--fault-chunk-cpu-us",
            defaultValue = "0",
            paramLabel = "US",
            description = "Fault: burn US microseconds of CPU for every audio chunk an STT session "
                    + "receives and every TTS event written (a throughput drop; 0 = off).")
    long faultChunkCpuUs;

    @Option(
            names = "--fault-leak-bytes-per-request",
            defaultValue = "0",
            paramLabel = "BYTES",
            description = "Fault: memory retained forever per request (RSS really rises).")
    long faultLeakBytesPerRequest;

    @Option(
            names = "--fault-fd-leak-every",
            defaultValue = "0",
            paramLabel = "N",
            description = "Fault: leave one file descriptor open every N requests.")
    int faultFdLeakEvery;

    @Option(
            names = "--fault-stall-ms",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Fault: freeze decodes and TTS chunks for MS ms every " + "--fault-stall-every-ms.")
    long faultStallMs;

    @Option(
            names = "--fault-stall-every-ms",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Fault: period of the stalls.")
    long faultStallEveryMs;

    @Option(
            names = "--fault-crash-after",
            defaultValue = "0",
            paramLabel = "N",
            description = "Fault: accept N requests, then halt abruptly (exit 137) on the next.")
    long faultCrashAfter;

    private final IntConsumer halt;

    /** A command whose crash fault halts the JVM. */
    public ServerCommand() {
        this(status -> Runtime.getRuntime().halt(status));
    }

    /** Environment variables of flags that are set but blank; refused with the other problems. */
    private List<String> blankVariables = List.of();

    /** A command with another crash action (tests must never halt their JVM). */
    ServerCommand(IntConsumer halt) {
        this.halt = halt;
    }

    /** A command line for this command: environment defaults, exit codes, short usage errors. */
    static CommandLine commandLine(ServerCommand command, java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(command);
        EnvironmentDefaults defaults = new EnvironmentDefaults(env);
        cli.setDefaultValueProvider(defaults);
        command.blankVariables = defaults.blankVariables(cli.getCommandSpec().options());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("speechload-server: " + ex.getMessage());
            failed.getErr().println("Run 'speechload-server --help' for the flags.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            LOG.error("speechload-server failed", ex);
            return ExitCodes.STARTUP_FAILURE;
        });
        return cli;
    }

    /**
     * Checks all flags together.
     *
     * @throws CommandLine.ParameterException naming every bad flag
     */
    ServerConfig toConfig() {
        List<String> problems = new ArrayList<>();
        for (String variable : blankVariables) {
            problems.add(variable + " is set but blank: give it a value or unset it");
        }
        if (bind == null || bind.isBlank()) {
            problems.add("'--bind' must not be blank");
        }
        if (grpcPort < 0 || grpcPort > 65535) {
            problems.add("'--grpc-port' must be between 0 and 65535, was " + grpcPort);
        }
        if (httpPort < 0 || httpPort > 65535) {
            problems.add("'--http-port' must be between 0 and 65535, was " + httpPort);
        }
        if (metricsToken != null && metricsToken.isBlank()) {
            problems.add("'--metrics-token' must not be blank when given");
        }
        if (shutdownGrace.isNegative()) {
            problems.add("'--shutdown-grace' must be >= 0, was " + shutdownGrace);
        }
        SttSettings stt = collect(
                problems,
                () -> new SttSettings(
                        decodePoolSize == null ? Runtime.getRuntime().availableProcessors() : decodePoolSize,
                        maxBufferBytes,
                        maxPendingDecodes,
                        maxSessions,
                        rateLimitFactor,
                        rateLimitWindow,
                        sessionTimeout,
                        engineRtf,
                        partialIntervalMs));
        TtsSettings tts = collect(problems, this::ttsSettings);
        FaultSettings faults = collect(
                problems,
                () -> new FaultSettings(
                        faultLatencyMs,
                        faultLeakBytesPerRequest,
                        faultFdLeakEvery,
                        faultStallMs,
                        faultStallEveryMs,
                        faultCrashAfter,
                        faultLatencyFactor,
                        faultChunkCpuUs));
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "invalid flags: " + String.join("; ", problems));
        }
        return new ServerConfig(
                bind.trim(), grpcPort, httpPort, readyFile, pidFile, metricsToken, shutdownGrace, stt, tts, faults);
    }

    private TtsSettings ttsSettings() {
        TtsSettings settings = TtsSettings.defaults();
        if (ttsEngine != null) {
            settings = settings.withEngine(ttsEngine);
        }
        if (ttsRtf != null) {
            settings = settings.withRealTimeFactor(ttsRtf);
        }
        if (ttsMaxChars != null) {
            settings = settings.withMaxChars(ttsMaxChars);
        }
        if (ttsMaxTextChars != null) {
            settings = settings.withMaxTextChars(ttsMaxTextChars);
        }
        if (ttsChunkTimeout != null) {
            settings = settings.withChunkTimeout(ttsChunkTimeout);
        }
        if (ttsSampleRate != null) {
            settings = settings.withSampleRateHz(ttsSampleRate);
        }
        return settings;
    }

    private static <T> T collect(List<String> problems, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    @Override
    public Integer call() {
        ServerConfig config = toConfig();
        PidFile pid = null;
        try {
            if (config.pidFile() != null) {
                pid = PidFile.acquire(config.pidFile());
                PidFile acquired = pid;
                // Covers exits we do not drive (an uncaught error, SIGHUP); a crash fault halts and
                // leaves a stale file, which the next start replaces.
                Runtime.getRuntime().addShutdownHook(new Thread(acquired::close, "pid-file-cleanup"));
            }
            return serve(config);
        } catch (PidFileHeldException e) {
            LOG.error("not starting: {}", e.getMessage());
            return ExitCodes.ALREADY_RUNNING;
        } catch (IOException | IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return ExitCodes.STARTUP_FAILURE;
        } finally {
            if (pid != null) {
                pid.close();
            }
        }
    }

    private int serve(ServerConfig config) throws IOException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        SpeechServer server = SpeechServer.start(config, halt);
        try {
            TerminationSignals.onTermination(stopRequested::countDown, () -> {
                try {
                    stopped.await(config.shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long pidValue = ProcessHandle.current().pid();
            List<String> faults = config.faults().enabledNames();
            LOG.info(
                    "speechload-server ready: grpc={}:{} http={}:{} pid={}{}",
                    server.host(),
                    server.grpcPort(),
                    server.host(),
                    server.httpPort(),
                    pidValue,
                    faults.isEmpty() ? "" : " faults=" + String.join(",", faults));
            // The line first: whoever sees the ready file may read the log at once and expect it there.
            if (config.readyFile() != null) {
                new ReadyFile(server.grpcPort(), server.httpPort(), pidValue).writeTo(config.readyFile());
            }
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.shutdownGracefully(config.shutdownGrace());
            stopped.countDown();
        }
        return ExitCodes.OK;
    }
}
