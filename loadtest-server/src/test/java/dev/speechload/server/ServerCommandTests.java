package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTests {

    private static ServerConfig parse(Map<String, String> env, String... args) {
        ServerCommand command = new ServerCommand(TestServers::refuseToHalt);
        ServerCommand.commandLine(command, env).parseArgs(args);
        return command.toConfig();
    }

    /** Runs the command as main would, capturing stderr; returns exit code and text. */
    private static Object[] execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = ServerCommand.commandLine(new ServerCommand(TestServers::refuseToHalt), Map.of());
        cli.setErr(new PrintWriter(err, true));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute(args);
        return new Object[] {code, err.toString(), out.toString()};
    }

    @Test
    void hasSafeDefaults() {
        ServerConfig config = parse(Map.of());
        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.grpcPort()).isEqualTo(50051);
        assertThat(config.httpPort()).isEqualTo(8000);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.stt().rateLimitFactor()).isZero();
        assertThat(config.stt().decodePoolSize()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.faults().enabledNames()).isEmpty();
        assertThat(config.metricsToken()).isNull();
    }

    @Test
    void readsEveryKindOfFlag() {
        ServerConfig config = parse(
                Map.of(),
                "--bind",
                "0.0.0.0",
                "--grpc-port",
                "0",
                "--http-port",
                "0",
                "--ready-file",
                "r.json",
                "--pid-file",
                "s.pid",
                "--metrics-token",
                "t0k",
                "--shutdown-grace",
                "1500ms",
                "--decode-pool-size",
                "3",
                "--max-buffer-bytes",
                "1000",
                "--max-pending-decodes",
                "2",
                "--max-sessions",
                "9",
                "--rate-limit-factor",
                "1.5",
                "--rate-limit-window",
                "2s",
                "--session-timeout",
                "PT1M",
                "--engine-rtf",
                "0.2",
                "--partial-interval-ms",
                "250",
                "--tts-engine",
                "synthetic",
                "--tts-max-chars",
                "50",
                "--fault-latency-ms",
                "7",
                "--fault-stall-ms",
                "10",
                "--fault-stall-every-ms",
                "100",
                "--fault-crash-after",
                "4",
                "--fault-leak-bytes-per-request",
                "4096",
                "--fault-fd-leak-every",
                "2",
                "--fault-latency-factor",
                "1.1",
                "--fault-chunk-cpu-us",
                "150");
        assertThat(config.bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.readyFile()).isEqualTo(Path.of("r.json"));
        assertThat(config.pidFile()).isEqualTo(Path.of("s.pid"));
        assertThat(config.metricsToken()).isEqualTo("t0k");
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.stt())
                .isEqualTo(new dev.speechload.server.stt.SttSettings(
                        3, 1000, 2, 9, 1.5, Duration.ofSeconds(2), Duration.ofMinutes(1), 0.2, 250));
        assertThat(config.tts().maxChars()).isEqualTo(50);
        assertThat(config.faults())
                .isEqualTo(new dev.speechload.server.fault.FaultSettings(7, 4096, 2, 10, 100, 4, 1.1, 150));
    }

    @Test
    void takesDefaultsFromTheEnvironment() {
        ServerConfig config = parse(Map.of(
                "SPEECHLOAD_FAULT_LATENCY_MS",
                "250",
                "SPEECHLOAD_MAX_SESSIONS",
                "3",
                "SPEECHLOAD_BIND",
                "0.0.0.0",
                "SPEECHLOAD_METRICS_TOKEN",
                "secret",
                "SPEECHLOAD_FAULT_LATENCY_FACTOR",
                "1.25",
                "SPEECHLOAD_FAULT_CHUNK_CPU_US",
                "80"));
        assertThat(config.faults().latencyMs()).isEqualTo(250);
        assertThat(config.faults().latencyFactor()).isEqualTo(1.25);
        assertThat(config.faults().chunkCpuMicros()).isEqualTo(80);
        assertThat(config.stt().maxSessions()).isEqualTo(3);
        assertThat(config.bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.metricsToken()).isEqualTo("secret");
    }

    @Test
    void refusesABlankMetricsTokenFromTheEnvironmentAsItRefusesTheFlag() {
        for (String blank : new String[] {"", "   "}) {
            assertThatThrownBy(() -> parse(Map.of("SPEECHLOAD_METRICS_TOKEN", blank)))
                    .hasMessageContaining("SPEECHLOAD_METRICS_TOKEN is set but blank: give it a value or unset it");
        }
        assertThatThrownBy(() -> parse(Map.of(), "--metrics-token", ""))
                .hasMessageContaining("'--metrics-token' must not be blank when given");
    }

    @Test
    void letsTheCommandLineWinOverTheEnvironment() {
        ServerConfig config = parse(Map.of("SPEECHLOAD_MAX_SESSIONS", "3"), "--max-sessions", "5");
        assertThat(config.stt().maxSessions()).isEqualTo(5);
    }

    @Test
    void namesEnvironmentVariablesAfterFlags() {
        assertThat(EnvironmentDefaults.variableFor("--fault-latency-ms")).isEqualTo("SPEECHLOAD_FAULT_LATENCY_MS");
    }

    @Test
    void reportsAllBadValuesTogetherWithExitCode2() {
        Object[] result = execute(
                "--max-sessions",
                "0",
                "--grpc-port",
                "70000",
                "--engine-rtf",
                "-1",
                "--fault-latency-ms",
                "-5",
                "--fault-latency-factor",
                "0.9",
                "--fault-chunk-cpu-us",
                "-1");
        assertThat(result[0]).isEqualTo(2);
        assertThat((String) result[1])
                .isEqualTo("speechload-server: invalid flags: "
                        + "'--grpc-port' must be between 0 and 65535, was 70000; "
                        + "'--max-sessions' must be >= 1, was 0; "
                        + "'--engine-rtf' must be between 0 and 100, was -1.0; "
                        + "'--fault-latency-ms' must be >= 0, was -5; "
                        + "'--fault-latency-factor' must be a finite number >= 1.0 (1.0 = off, 1.1 = 10 % slower),"
                        + " was 0.9; "
                        + "'--fault-chunk-cpu-us' must be >= 0, was -1\n"
                        + "Run 'speechload-server --help' for the flags.\n");
    }

    @Test
    void rejectsALatencyFactorThatIsNoNumberWithExitCode2() {
        Object[] result = execute("--fault-latency-factor", "ten percent");
        assertThat(result[0]).isEqualTo(2);
        assertThat((String) result[1])
                .startsWith("speechload-server: Invalid value for option "
                        + "'--fault-latency-factor': 'ten percent' is not a double");
    }

    @Test
    void rejectsUnknownFlagsWithExitCode2AndNoStackTrace() {
        Object[] result = execute("--no-such-flag");
        assertThat(result[0]).isEqualTo(2);
        assertThat((String) result[1])
                .startsWith("speechload-server: Unknown option: " + "'--no-such-flag'")
                .doesNotContain("at dev.speechload", "Exception");
    }

    @Test
    void rejectsMalformedDurations() {
        Object[] result = execute("--shutdown-grace", "soon");
        assertThat(result[0]).isEqualTo(2);
        assertThat((String) result[1])
                .contains("'soon' is not a duration: expected e.g. 500ms, " + "10s, 2m, 1h or PT10S");
    }

    @Test
    void rejectsAnUnknownTtsEngine() {
        Object[] result = execute("--tts-engine", "festival");
        assertThat(result[0]).isEqualTo(2);
        assertThat((String) result[1]).contains("'engine' must be synthetic | espeak, was festival");
    }

    @Test
    void documentsEveryFlagInHelp() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        Object[] result;
        try {
            // picocli prints its own warnings (such as a description it cannot format) to System.err.
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            result = execute("--help");
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .as("picocli warnings")
                .isEmpty();
        assertThat(result[0]).isEqualTo(0);
        String help = (String) result[2];
        assertThat(help.replaceAll("\\s+", " ")).contains("(1.1 = 10 % slower; 1.0 = off)");
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServerCommand()).getCommandSpec();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            assertThat(help).contains(option.longestName());
        }
        assertThat(help).contains("SPEECHLOAD_FAULT_LATENCY_MS", "Exit status");
    }

    @Test
    void readsHumanDurations() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(converter.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }
}
