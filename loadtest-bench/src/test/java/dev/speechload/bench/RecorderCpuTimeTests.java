package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The program at a tiny scale: it measures all three recorders and LatencyRecorder keeps every value. */
class RecorderCpuTimeTests {

    @Test
    void twoThreadsReportEveryRecorderAndEveryValueCounted() throws Exception {
        String line = RecorderCpuTime.measure(2, 1_000);

        assertThat(line)
                .startsWith("threads 2: LatencyRecorder ")
                .contains("shared Recorder ", "SingleWriterRecorder per thread ")
                .endsWith("LatencyRecorder counted 4000 of 4000 values");
    }
}
