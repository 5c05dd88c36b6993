package dev.speechload.bench;

import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.Targets;
import dev.speechload.server.SpeechServerMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference server as a child JVM started from this JVM's own classpath (the benchmark jar
 * holds the server), on 127.0.0.1 with free ports, ready when {@code /health} answers. A separate
 * process keeps the server's threads and GC out of the generator JVM being measured. Stateless.
 */
final class ReferenceServerProcess {

    private ReferenceServerProcess() {}

    /**
     * A configured, not yet started target; the caller starts and closes it.
     *
     * @param heap       the server's {@code -Xmx}, e.g. {@code "1g"}
     * @param logDir     where the server's log goes
     * @param serverArgs flags after {@code --bind/--grpc-port/--http-port}, e.g. {@code --engine-rtf 0}
     */
    static ProcessTarget create(String heap, Path logDir, String... serverArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                SpeechServerMain.class.getName(),
                "--bind",
                "127.0.0.1",
                "--grpc-port",
                "{grpcPort}",
                "--http-port",
                "{httpPort}"));
        command.addAll(List.of(serverArgs));
        return Targets.process(command)
                .withName("speechload-server")
                .withReadiness(ReadinessProbe.forHttp("/health"))
                .withMetrics("/metrics")
                .withStartupTimeout(Duration.ofSeconds(90))
                .withShutdownGrace(Duration.ofSeconds(5))
                .withLogDir(logDir);
    }
}
