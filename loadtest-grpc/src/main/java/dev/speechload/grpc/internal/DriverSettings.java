package dev.speechload.grpc.internal;

import dev.speechload.grpc.SessionLogging;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Transport, pacing and bounds shared by the STT and the generic scenario. Immutable. Not API.
 *
 * @param name           used in logs and thread names
 * @param metricPrefix   metric names start with this and a dot ({@code stt})
 * @param realtime       true: send each request at its planned time; false: as fast as the
 *                       transport takes them (gRPC flow control)
 * @param finalTimeout   last request sent to final result and end of stream, at most
 * @param sessionTimeout a whole session, at most; null: planned send time (or the media's length
 *                       when not real time) + the larger of 5 s and half of that + finalTimeout
 * @param connectTimeout TCP connect, at most
 * @param connections    gRPC channels (TCP connections) the sessions are spread over, >= 1
 * @param pacerThreads   pacer lanes (threads) that send the streams' requests, 1..64; default one per core
 * @param headers        request metadata sent with every call (ASCII keys and values)
 * @param decodeTiming   responses carry the server's decode timing: {@code <prefix>.decode.*} metrics
 *                       and {@code decode_*} session-log columns
 * @param audio          the media the requests cover is audio: {@code <prefix>.rtf} and the
 *                       {@code audio_ms}/{@code rtf} session-log columns exist only then
 * @param authority      host:port to connect to; null: the target's gRPC endpoint
 */
public record DriverSettings(
        String name,
        String metricPrefix,
        boolean realtime,
        Duration finalTimeout,
        Duration sessionTimeout,
        Duration connectTimeout,
        int connections,
        int pacerThreads,
        SessionLogging logging,
        Map<String, String> headers,
        boolean decodeTiming,
        boolean audio,
        String authority) {

    public DriverSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metricPrefix, "metricPrefix");
        requirePositive(finalTimeout, "finalTimeout");
        if (sessionTimeout != null) {
            requirePositive(sessionTimeout, "sessionTimeout");
        }
        requirePositive(connectTimeout, "connectTimeout");
        if (connections < 1 || connections > 1024) {
            throw new IllegalArgumentException("connections must be 1..1024, was " + connections);
        }
        if (pacerThreads < 1 || pacerThreads > 64) {
            throw new IllegalArgumentException("pacerThreads must be 1..64, was " + pacerThreads);
        }
        Objects.requireNonNull(logging, "logging");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }

    /** Defaults; {@code speech} marks the STT contract (audio media and decode timing). */
    public static DriverSettings defaults(String name, String metricPrefix, boolean speech) {
        return new DriverSettings(name, metricPrefix, true, Duration.ofSeconds(10), null, Duration.ofSeconds(5),
                1, Pacer.defaultThreads(), SessionLogging.none(), Map.of(), speech, speech, null);
    }

    public DriverSettings withAudio(boolean value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, value, authority);
    }

    public DriverSettings withRealtime(boolean value) {
        return new DriverSettings(name, metricPrefix, value, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withFinalTimeout(Duration value) {
        return new DriverSettings(name, metricPrefix, realtime, value, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withSessionTimeout(Duration value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, value, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withConnectTimeout(Duration value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, value,
                connections, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withConnections(int value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                value, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withPacerThreads(int value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, value, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withLogging(SessionLogging value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, value, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withHeaders(Map<String, String> value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, value, decodeTiming, audio, authority);
    }

    public DriverSettings withName(String value) {
        return new DriverSettings(value, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withMetricPrefix(String value) {
        return new DriverSettings(name, value, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, audio, authority);
    }

    public DriverSettings withAuthority(String value) {
        return new DriverSettings(name, metricPrefix, realtime, finalTimeout, sessionTimeout, connectTimeout,
                connections, pacerThreads, logging, headers, decodeTiming, audio, value);
    }
}
