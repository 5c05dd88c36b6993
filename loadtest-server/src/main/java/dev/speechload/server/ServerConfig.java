package dev.speechload.server;

import dev.speechload.server.fault.FaultSettings;
import dev.speechload.server.stt.SttSettings;
import dev.speechload.server.tts.TtsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a server needs to start, already checked (each settings record checks itself).
 *
 * @param bindHost host or address both listeners bind to, e.g. 127.0.0.1 or 0.0.0.0
 * @param grpcPort gRPC port, 0 = any free port
 * @param httpPort HTTP port, 0 = any free port
 * @param readyFile where to write the ready JSON, or null
 * @param pidFile the pid-file guard, or null
 * @param metricsToken bearer token guarding the metrics endpoints, or null
 * @param shutdownGrace how long in-flight streams may finish after SIGTERM, &gt;= 0
 * @param stt STT settings
 * @param tts TTS settings
 * @param faults faults to inject
 */
public record ServerConfig(
        String bindHost,
        int grpcPort,
        int httpPort,
        Path readyFile,
        Path pidFile,
        String metricsToken,
        Duration shutdownGrace,
        SttSettings stt,
        TtsSettings tts,
        FaultSettings faults) {

    /** Checks the components that have no record of their own. */
    public ServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(stt, "stt");
        Objects.requireNonNull(tts, "tts");
        Objects.requireNonNull(faults, "faults");
        if (grpcPort < 0 || grpcPort > 65535 || httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException(
                    "ports must be between 0 and 65535, were " + grpcPort + " and " + httpPort);
        }
    }
}
