package dev.speechload.server;

import dev.speechload.server.testing.SttClient;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Starts in-JVM servers from command-line flags, on 127.0.0.1 and free ports, so tests also
 * exercise flag parsing. The crash fault can never halt the test JVM: it throws instead.
 */
public final class TestServers {

    private TestServers() {}

    /** A running server plus a channel to it; close both with {@link #close()}. */
    public static final class Running implements AutoCloseable {
        private final SpeechServer server;
        private final ManagedChannel channel;
        private final String token;

        Running(SpeechServer server, String token) {
            this.server = server;
            this.channel = SttClient.channel(server.grpcPort());
            this.token = token;
        }

        public SpeechServer server() {
            return server;
        }

        public ManagedChannel channel() {
            return channel;
        }

        public int httpPort() {
            return server.httpPort();
        }

        public int grpcPort() {
            return server.grpcPort();
        }

        public com.fasterxml.jackson.databind.JsonNode metrics() {
            return dev.speechload.server.testing.Http.metrics(server.httpPort(), token);
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow();
            server.close();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Parses flags (plus --bind 127.0.0.1 and port 0) into a config, as the main class does. */
    public static ServerConfig config(String... flags) {
        List<String> args = new ArrayList<>(
                List.of("--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--engine-rtf", "0.01"));
        args.addAll(List.of(flags));
        ServerCommand command = new ServerCommand(TestServers::refuseToHalt);
        CommandLine cli = ServerCommand.commandLine(command, Map.of());
        cli.setOverwrittenOptionsAllowed(true);
        cli.parseArgs(args.toArray(String[]::new));
        return command.toConfig();
    }

    /** Starts a server with these flags (later flags override the test defaults). */
    public static Running start(String... flags) throws Exception {
        ServerConfig config = config(flags);
        return new Running(SpeechServer.start(config, TestServers::refuseToHalt), config.metricsToken());
    }

    static void refuseToHalt(int status) {
        throw new IllegalStateException("crash fault fired in the test JVM (status " + status + ")");
    }

    /** A generous bound for anything a loaded two-core machine should finish. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
}
