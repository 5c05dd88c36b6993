package dev.speechload.server.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * All metrics at one instant, as served by {@code GET /metrics}. JSON names are snake_case
 * because the tools load testers already use (and the Python servers they test) spell them so.
 *
 * @param memoryRssMb resident set size in MiB, -1 when unknown
 * @param memoryRssBytes resident set size in bytes, -1 when unknown
 * @param numFds open file descriptors, -1 when unknown
 * @param numThreads threads of the process
 * @param uptimeSeconds seconds since the server started
 * @param activeStreams open gRPC sessions and SSE streams
 * @param sessionsTotal STT sessions accepted since start
 * @param errorsTotal errors answered since start, by stable code
 * @param bufferBytesTotal audio bytes held, waiting for or in a decode (all sessions)
 * @param decodePending decodes queued or running
 * @param partialDropCount interim decodes skipped for backpressure since start
 * @param rateLimitBlocks streams ended by the audio rate limit since start
 * @param interimResultsTotal interim STT results sent
 * @param finalResultsTotal final STT results sent
 * @param ttsRequestsTotal TTS requests accepted
 * @param ttsStreamsCompleted TTS streams that ended with their done event
 * @param ttsStreamsAborted TTS streams that ended otherwise (error, disconnect, shutdown)
 * @param processCpuSecondsTotal CPU time the process used since it started, seconds, -1 when
 *     unknown (named like the Prometheus client libraries' counter)
 */
public record MetricsSnapshot(
        @JsonProperty("memory_rss_mb") double memoryRssMb,
        @JsonProperty("memory_rss_bytes") long memoryRssBytes,
        @JsonProperty("num_fds") int numFds,
        @JsonProperty("num_threads") int numThreads,
        @JsonProperty("uptime_seconds") double uptimeSeconds,
        @JsonProperty("active_streams") ActiveStreams activeStreams,
        @JsonProperty("sessions_total") long sessionsTotal,
        @JsonProperty("errors_total") Map<String, Long> errorsTotal,
        @JsonProperty("buffer_bytes_total") long bufferBytesTotal,
        @JsonProperty("decode_pending") int decodePending,
        @JsonProperty("partial_drop_count") long partialDropCount,
        @JsonProperty("rate_limit_blocks") long rateLimitBlocks,
        @JsonProperty("interim_results_total") long interimResultsTotal,
        @JsonProperty("final_results_total") long finalResultsTotal,
        @JsonProperty("tts_requests_total") long ttsRequestsTotal,
        @JsonProperty("tts_streams_completed") long ttsStreamsCompleted,
        @JsonProperty("tts_streams_aborted") long ttsStreamsAborted,
        @JsonProperty("process_cpu_seconds_total") double processCpuSecondsTotal) {

    /** A snapshot without the CPU time (-1). */
    public MetricsSnapshot(
            double memoryRssMb,
            long memoryRssBytes,
            int numFds,
            int numThreads,
            double uptimeSeconds,
            ActiveStreams activeStreams,
            long sessionsTotal,
            Map<String, Long> errorsTotal,
            long bufferBytesTotal,
            int decodePending,
            long partialDropCount,
            long rateLimitBlocks,
            long interimResultsTotal,
            long finalResultsTotal,
            long ttsRequestsTotal,
            long ttsStreamsCompleted,
            long ttsStreamsAborted) {
        this(
                memoryRssMb,
                memoryRssBytes,
                numFds,
                numThreads,
                uptimeSeconds,
                activeStreams,
                sessionsTotal,
                errorsTotal,
                bufferBytesTotal,
                decodePending,
                partialDropCount,
                rateLimitBlocks,
                interimResultsTotal,
                finalResultsTotal,
                ttsRequestsTotal,
                ttsStreamsCompleted,
                ttsStreamsAborted,
                -1);
    }

    /** Copies the error map, sorted by code, so a snapshot never changes and prints stably. */
    public MetricsSnapshot {
        errorsTotal = Collections.unmodifiableMap(new TreeMap<>(errorsTotal));
    }

    /**
     * Open streams by protocol.
     *
     * @param grpc open STT sessions
     * @param sse open TTS SSE streams
     */
    public record ActiveStreams(
            @JsonProperty("grpc") int grpc,
            @JsonProperty("sse") int sse) {}
}
