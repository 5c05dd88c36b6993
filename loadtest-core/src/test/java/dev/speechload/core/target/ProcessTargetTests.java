package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: each test starts the fake server in its own JVM. */
class ProcessTargetTests {

    @TempDir
    Path logs;

    private final List<Target> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(Target::close);
    }

    private ProcessTarget fake(String... options) {
        ProcessTarget target = Targets.process(FakeServer.command(options))
                .withName("fake")
                .withLogDir(logs)
                .withReadiness(ReadinessProbe.forHttp("/health"));
        started.add(target);
        return target;
    }

    @Test
    void startsWaitsForHealthAndExposesEndpointsPidAndLog() throws Exception {
        ProcessTarget target = fake();
        target.start();

        assertThat(target.isRunning()).isTrue();
        assertThat(target.kind()).isEqualTo("process");
        int port = target.ports().get("httpPort");
        assertThat(target.endpoints().http()).isEqualTo(URI.create("http://127.0.0.1:" + port));
        assertThat(FakeServer.get(target.endpoints().http().resolve("/health")).statusCode())
                .isEqualTo(200);
        long pid = Long.parseLong(FakeServer.body(target, "/pid"));
        assertThat(target.pid()).hasValue(pid);
        assertThat(target.description()).contains("FakeServerMain " + port);

        Path log = target.logFile().orElseThrow();
        assertThat(log).isEqualTo(logs.resolve("fake-" + pid + ".log"));
        assertThat(Files.readString(log))
                .contains("fake: listening on 127.0.0.1:" + port)
                .contains("fake: stderr is captured too");
    }

    @Test
    void replacesEachPlaceholderWithItsOwnFreePortEverywhere() throws Exception {
        ProcessTarget target = fake("--grpc-port", "{grpcPort}", "--admin", "{admin}")
                .withPorts("admin")
                .withEndpoint("admin", "http://127.0.0.1:{admin}/");
        target.start();

        int http = target.ports().get("httpPort");
        int grpc = target.ports().get("grpcPort");
        int admin = target.ports().get("admin");
        assertThat(List.of(http, grpc, admin)).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
        assertThat(target.endpoints().grpcAuthority()).isEqualTo("127.0.0.1:" + grpc);
        assertThat(target.endpoints().get("admin")).isEqualTo(URI.create("http://127.0.0.1:" + admin + "/"));
        assertThat(FakeServer.body(target, "/args")).isEqualTo(http + " --grpc-port " + grpc + " --admin " + admin);
    }

    @Test
    void aReferenceBuildReplacesOnlyTheJarOrTheCommand() {
        ProcessTarget jar = Targets.javaJar(Path.of("candidate.jar"), "--port", "{httpPort}")
                .withJar(Path.of("reference.jar"));
        assertThat(jar.description())
                .contains("-jar " + Path.of("reference.jar").toAbsolutePath())
                .doesNotContain("candidate.jar")
                .endsWith("--port {httpPort}");

        ProcessTarget command = Targets.process(List.of("./server", "--port", "{httpPort}"))
                .withCommand(List.of("./old-server", "--port", "{httpPort}"));
        assertThat(command.description()).isEqualTo("./old-server --port {httpPort}");

        assertThatThrownBy(() -> Targets.process(List.of("./server")).withJar(Path.of("reference.jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no '-jar <file>'")
                .hasMessageContaining("./server");
    }

    @Test
    void rejectsAnEndpointWithAnUnknownPlaceholder() {
        ProcessTarget target = fake().withEndpoint("grpc", "grpc://127.0.0.1:{grpcPrt}");

        assertThatThrownBy(target::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint 'grpc' of process target 'fake' (grpc://127.0.0.1:{grpcPrt}) uses {grpcPrt}, "
                        + "which is not a port placeholder; known: [httpPort]. Port placeholder names end in 'Port' "
                        + "or are declared with withPorts(..)");
    }

    @Test
    void closeSendsSigtermAndRecordsAGracefulShutdown() throws Exception {
        ProcessTarget target = fake();
        target.start();
        Path log = target.logFile().orElseThrow();

        target.close();

        assertThat(target.isRunning()).isFalse();
        Shutdown shutdown = target.lastShutdown().orElseThrow();
        assertThat(shutdown.killed()).isFalse();
        assertThat(shutdown.graceful()).isTrue();
        assertThat(shutdown.exitCode()).isEqualTo(143); // a JVM ending on SIGTERM
        assertThat(target.exitCode()).hasValue(143);
        assertThat(shutdown.duration()).isPositive();
        // The hook ran, so the JVM got SIGTERM, not SIGKILL.
        assertThat(Files.readString(log)).contains("fake: shutdown hook ran");
    }

    @Test
    void closeIsIdempotentAndHarmlessBeforeStart() throws Exception {
        ProcessTarget notStarted = fake();
        notStarted.close();
        assertThat(notStarted.lastShutdown()).isEmpty();
        assertThat(notStarted.pid()).isEmpty();

        ProcessTarget target = fake();
        target.start();
        target.close();
        Shutdown first = target.lastShutdown().orElseThrow();
        target.close();
        assertThat(target.lastShutdown()).containsSame(first);
    }

    @Test
    void killsAProcessThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
        Duration grace = Duration.ofSeconds(1);
        ProcessTarget target = fake("--hang-on-term").withShutdownGrace(grace);
        target.start();
        Path log = target.logFile().orElseThrow();

        target.close();

        Shutdown shutdown = target.lastShutdown().orElseThrow();
        assertThat(shutdown.killed()).isTrue();
        assertThat(shutdown.exitCode()).isEqualTo(137); // 128 + SIGKILL
        assertThat(shutdown.duration()).isGreaterThanOrEqualTo(grace);
        assertThat(target.isRunning()).isFalse();
        assertThat(Files.readString(log)).contains("fake: shutdown hook started, hanging");
    }

    @Test
    void signalTermReturnsWhileTheServerStillServesAndAwaitShutdownMeasuresFromTheSignal() throws Exception {
        ProcessTarget target = fake("--hold-shutdown");
        target.start();

        target.signalTerm();
        assertThat(target.awaitShutdown(Duration.ZERO)).isEmpty();

        // Shutting down, but still serving: what a shutdown test watches.
        assertThat(target.isRunning()).isTrue();
        assertThat(FakeServer.get(target.endpoints().http().resolve("/health")).statusCode())
                .isEqualTo(200);
        FakeServer.body(target, "/release-shutdown");

        Shutdown shutdown = target.awaitShutdown(Duration.ofSeconds(60)).orElseThrow();
        assertThat(shutdown.killed()).isFalse();
        assertThat(shutdown.exitCode()).isEqualTo(143);
        assertThat(target.lastShutdown()).contains(shutdown);
        assertThat(Files.readString(target.logFile().orElseThrow())).contains("fake: shutdown done");
    }

    @Test
    void awaitShutdownWithoutSignalIsAUsageError() {
        ProcessTarget target = fake();
        target.start();

        assertThatThrownBy(() -> target.awaitShutdown(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("process target 'fake': call signalTerm() before awaitShutdown(..)");
    }

    @Test
    void itsLivenessReportsAnExitOnItsOwnWithTheExitCodeAndTheLog() throws Exception {
        ProcessTarget target = fake("--crash-after", "2");
        target.start();
        Liveness liveness = target.liveness();
        assertThat(liveness.check()).isEmpty();

        URI work = target.endpoints().http().resolve("/work");
        assertThat(FakeServer.get(work).statusCode()).isEqualTo(200);
        assertThat(FakeServer.get(work).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> FakeServer.get(work)).isInstanceOf(IOException.class);
        TargetDeath death = awaitDeath(liveness);

        assertThat(death.cause()).isEqualTo("exited with code 137");
        assertThat(death.exitCode()).isEqualTo(137);
        assertThat(death.detail()).isEqualTo("log " + target.logFile().orElseThrow());
        assertThat(Files.readString(target.logFile().orElseThrow())).contains("fake: crash fault after 2 requests");
    }

    @Test
    void itsLivenessDoesNotReportAStopTheTestAskedFor() throws Exception {
        ProcessTarget target = fake();
        target.start();

        target.signalTerm();
        assertThat(target.awaitShutdown(Duration.ofSeconds(30))).isPresent();

        assertThat(target.isRunning()).isFalse();
        assertThat(target.liveness().check()).isEmpty();
    }

    /** Checks until the target is reported dead; the kernel reports an exit within moments. */
    private static TargetDeath awaitDeath(Liveness liveness) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            var death = liveness.check();
            if (death.isPresent()) {
                return death.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the target was not reported dead within 30 s");
    }

    @Test
    void aProcessThatExitsDuringStartupFailsWithItsExitCodeAndLogTail() {
        ProcessTarget target = fake("--exit-at-start", "3");

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("process target 'fake' exited during startup with exit code 3\n")
                .hasMessageContaining("FakeServerMain")
                .hasMessageContaining("fake: reading configuration")
                .hasMessageContaining("fake: bad config: no model loaded");
        assertThat(target.isRunning()).isFalse();
        assertThat(target.exitCode()).hasValue(3);
    }

    @Test
    void readinessTimeoutNamesTheUrlAndWhatWasSeen() {
        ProcessTarget target = fake("--health-status", "503").withStartupTimeout(Duration.ofSeconds(3));

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .containsPattern(
                                "^process target 'fake' \\(pid \\d+\\) was not ready within 3 s: "
                                        + "expected HTTP 2xx from GET http://127\\.0\\.0\\.1:\\d+/health, last saw "
                                        + "(HTTP 503|connection refused) \\(\\d+ attempts\\)\nlog .*fake-\\d+\\.log, last lines:")
                        .contains("GET http://127.0.0.1:" + target.ports().get("httpPort") + "/health"));
        // The server was stopped, not left behind.
        assertThat(target.isRunning()).isFalse();
    }

    @Test
    void aCommandThatCannotRunFailsNamingIt() {
        ProcessTarget target = Targets.process(List.of("/nonexistent/speech-server", "--port", "{httpPort}"))
                .withLogDir(logs);

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("process target 'speech-server' could not be started: ")
                .hasMessageEndingWith("; check the command: /nonexistent/speech-server --port "
                        + target.ports().get("httpPort"));
    }

    @Test
    void isSingleUse() {
        ProcessTarget target = fake();
        target.start();

        assertThatThrownBy(target::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("process target 'fake' was already started; targets are single use");
        assertThatThrownBy(() -> target.withName("other")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void itsResourceProbeReadsProcOfItsPid() throws Exception {
        ProcessTarget target = fake();
        assertThat(target.resourceProbe()).isEmpty();
        target.start();

        var probe = target.resourceProbe().orElseThrow();
        assertThat(probe.description()).isEqualTo("proc:" + target.pid().getAsLong());
        var reading = probe.read();
        assertThat(reading.memoryRssBytes()).isPositive();
        assertThat(reading.threadCount()).isPositive();
        assertThat(reading.openFdCount()).isPositive();
    }
}
