package dev.speechload.server.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link MetricsSnapshot} in the Prometheus text exposition format (version 0.0.4).
 * Process figures use the standard client-library names ({@code process_resident_memory_bytes},
 * {@code process_open_fds}) so existing dashboards and samplers work unchanged; the rest are
 * prefixed {@code speechload_}. Pure function; thread-safe.
 */
public final class PrometheusText {

    /** The content type Prometheus expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    /** The whole exposition text, ending with a newline. */
    public static String render(MetricsSnapshot s) {
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", s.memoryRssBytes());
        gauge(out, "process_open_fds", "Number of open file descriptors.", s.numFds());
        gauge(out, "process_threads", "Number of OS threads of the process.", s.numThreads());
        if (s.processCpuSecondsTotal() >= 0) {
            counter(
                    out,
                    "process_cpu_seconds_total",
                    "Total user and system CPU time spent in seconds.",
                    s.processCpuSecondsTotal());
        }
        gauge(out, "speechload_uptime_seconds", "Seconds since the server started.", s.uptimeSeconds());
        header(out, "speechload_active_streams", "Open streams by protocol.", "gauge");
        sample(
                out,
                "speechload_active_streams{protocol=\"grpc\"}",
                s.activeStreams().grpc());
        sample(
                out,
                "speechload_active_streams{protocol=\"sse\"}",
                s.activeStreams().sse());
        counter(out, "speechload_sessions_total", "STT sessions accepted.", s.sessionsTotal());
        header(out, "speechload_errors_total", "Errors answered to clients, by stable code.", "counter");
        for (Map.Entry<String, Long> e : s.errorsTotal().entrySet()) {
            sample(out, "speechload_errors_total{code=\"" + escape(e.getKey()) + "\"}", e.getValue());
        }
        gauge(out, "speechload_buffer_bytes", "Audio bytes held, waiting for or in a decode.", s.bufferBytesTotal());
        gauge(out, "speechload_decode_pending", "Decodes queued or running.", s.decodePending());
        counter(
                out,
                "speechload_partial_drops_total",
                "Interim decodes skipped for backpressure.",
                s.partialDropCount());
        counter(
                out,
                "speechload_rate_limit_blocks_total",
                "Streams ended by the audio rate limit.",
                s.rateLimitBlocks());
        header(out, "speechload_stt_results_total", "STT results sent, by kind.", "counter");
        sample(out, "speechload_stt_results_total{kind=\"interim\"}", s.interimResultsTotal());
        sample(out, "speechload_stt_results_total{kind=\"final\"}", s.finalResultsTotal());
        counter(out, "speechload_tts_requests_total", "TTS requests accepted.", s.ttsRequestsTotal());
        header(out, "speechload_tts_streams_closed_total", "TTS streams closed, by outcome.", "counter");
        sample(out, "speechload_tts_streams_closed_total{outcome=\"completed\"}", s.ttsStreamsCompleted());
        sample(out, "speechload_tts_streams_closed_total{outcome=\"aborted\"}", s.ttsStreamsAborted());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        header(out, name, help, "gauge");
        sample(out, name, value);
    }

    private static void counter(StringBuilder out, String name, String help, double value) {
        header(out, name, help, "counter");
        sample(out, name, value);
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String series, double value) {
        out.append(series).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
