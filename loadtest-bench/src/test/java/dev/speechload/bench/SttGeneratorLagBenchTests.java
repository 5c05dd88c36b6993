package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The generator-lag report at a tiny scale: starts the reference server as a child JVM on
 * 127.0.0.1, streams two channels of 1 s sessions for 10 s, stops the server (about 15 s). The
 * first sessions of a cold JVM on a loaded machine can take seconds, hence the long run.
 */
class SttGeneratorLagBenchTests {

    @Test
    void measuresSendLagAgainstTheReferenceServer() throws Exception {
        SttGeneratorLagBench.Report report = SttGeneratorLagBench.measure(new String[] {
            "--streams",
            "2",
            "--session-seconds",
            "1",
            "--ramp-steps",
            "1",
            "--warmup-seconds",
            "0",
            "--duration-seconds",
            "10",
            "--server-heap",
            "256m"
        });

        assertThat(report.errorsByCode()).isEmpty();
        assertThat(report.sessionsOk()).isPositive();
        // 1 s of 20 ms chunks: 49 lag values per finished session (the first chunk has no lag), each
        // either the generator's send lag or, when the server's flow control held it back, the server's.
        assertThat(report.sendLag().count() + report.heldBackChunks())
                .isGreaterThanOrEqualTo(49L * report.sessionsOk());
        assertThat(SttGeneratorLagBench.format(report)).contains("generator.grpc.send_lag: n=");
    }
}
