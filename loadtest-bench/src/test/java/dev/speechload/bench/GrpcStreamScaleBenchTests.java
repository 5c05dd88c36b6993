package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The stream-scale report at a tiny scale: four 1 s real-time streams against the reference
 * server in a child JVM for a few seconds, through the engine (about 15 s).
 */
class GrpcStreamScaleBenchTests {

    @Test
    void measuresSendLagThreadsAndHeapThroughTheEngine() throws Exception {
        GrpcStreamScaleBench.Report report = GrpcStreamScaleBench.measure(new String[] {
            "--streams",
            "4",
            "--session-seconds",
            "1",
            "--ramp-steps",
            "1",
            "--warmup-seconds",
            "0",
            "--duration-seconds",
            "6",
            "--connections",
            "2",
            "--server-heap",
            "256m"
        });

        assertThat(report.errorsByCode()).isEmpty();
        assertThat(report.sessionsOk()).isPositive();
        // 1 s of 100 ms chunks: 9 lag values per finished session (the first chunk has none), each the
        // generator's send lag or, when the server's flow control held the chunk back, the server's.
        assertThat(report.sendLag().count() + report.heldBackChunks()).isGreaterThanOrEqualTo(9L * report.sessionsOk());
        assertThat(report.threadsPeak()).isPositive();
        assertThat(report.heapPeakBytes()).isPositive();
        assertThat(GrpcStreamScaleBench.format(report))
                .contains("generator.grpc.send_lag: n=")
                .contains("4 real-time streams, 100 ms chunks (40 messages/s)");
    }

    @Test
    void rejectsAStreamCountAboveItsBound() {
        assertThatThrownBy(() -> GrpcStreamScaleBench.measure(new String[] {"--streams", "20001"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GrpcStreamScaleBench: --streams must be between 1 and 20000, was 20001");
    }
}
