package dev.speechload.grpc.internal;

import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.SessionLogging;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver needs besides the user's {@link GrpcOptions}: the scenario's name, metric prefix,
 * pacing and the shape of its media. Immutable and thread-safe. Not API.
 *
 * @param name         used in logs and thread names
 * @param metricPrefix metric names start with this and a dot ({@code stt})
 * @param realtime     true: send each request at its planned time; false: as fast as the
 *                     transport takes them (gRPC flow control)
 * @param logging      the session log
 * @param decodeTiming responses carry the server's decode timing: {@code <prefix>.decode.*} metrics
 *                     and {@code decode_*} session-log columns
 * @param audio        the media the requests cover is audio: {@code <prefix>.rtf} and the
 *                     {@code audio_ms}/{@code rtf} session-log columns exist only then
 * @param options      connections, pacer threads, timeouts, metadata and authority
 */
public record DriverSettings(
        String name,
        String metricPrefix,
        boolean realtime,
        SessionLogging logging,
        boolean decodeTiming,
        boolean audio,
        GrpcOptions options) {

    public DriverSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metricPrefix, "metricPrefix");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(options, "options");
    }

    /** Defaults (real-time pacing); {@code speech} marks the STT contract (audio media and decode timing). */
    public static DriverSettings defaults(String name, String metricPrefix, boolean speech) {
        return new DriverSettings(
                name, metricPrefix, true, SessionLogging.none(), speech, speech, GrpcOptions.defaults());
    }

    public Duration finalTimeout() {
        return options.finalTimeout();
    }

    /** Null: derived from the planned send time (see {@link GrpcOptions#sessionTimeout}). */
    public Duration sessionTimeout() {
        return options.sessionTimeout();
    }

    public Duration connectTimeout() {
        return options.connectTimeout();
    }

    public int connections() {
        return options.connections();
    }

    public int pacerThreads() {
        return options.pacerThreads();
    }

    /** Request metadata sent with every call. */
    public Map<String, String> headers() {
        return options.metadata();
    }

    /** Host:port to connect to; null: the target's gRPC endpoint. */
    public String authority() {
        return options.authority();
    }

    public DriverSettings withAudio(boolean value) {
        return new DriverSettings(name, metricPrefix, realtime, logging, decodeTiming, value, options);
    }

    public DriverSettings withRealtime(boolean value) {
        return new DriverSettings(name, metricPrefix, value, logging, decodeTiming, audio, options);
    }

    public DriverSettings withLogging(SessionLogging value) {
        return new DriverSettings(name, metricPrefix, realtime, value, decodeTiming, audio, options);
    }

    public DriverSettings withName(String value) {
        return new DriverSettings(value, metricPrefix, realtime, logging, decodeTiming, audio, options);
    }

    public DriverSettings withMetricPrefix(String value) {
        return new DriverSettings(name, value, realtime, logging, decodeTiming, audio, options);
    }

    public DriverSettings withOptions(GrpcOptions value) {
        return new DriverSettings(name, metricPrefix, realtime, logging, decodeTiming, audio, value);
    }
}
