package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each benchmark method once, outside JMH: a broken benchmark fails the build, and each records what it claims. */
class RecorderBenchTests {

    private final RecorderBench bench = new RecorderBench();
    private final RecorderBench.Shared shared = new RecorderBench.Shared();
    private final RecorderBench.Channel channel = new RecorderBench.Channel();

    @BeforeEach
    void setUp() {
        shared.setUp();
        channel.setUp(shared);
    }

    @Test
    void recordEventRecordsOneLatencyAndOneCount() {
        bench.recordEvent(shared, channel);
        bench.recordEvent(shared, channel);

        assertThat(shared.latency.sampleInterval().getTotalCount()).isEqualTo(2);
        assertThat(shared.counter.sum()).isEqualTo(2);
    }

    @Test
    void iterationPathRecordsIntoTheSharedRegistry() {
        bench.iterationRecordEvent(channel);

        assertThat(shared.latency.sampleInterval().getTotalCount()).isEqualTo(1);
        assertThat(shared.counter.sum()).isEqualTo(1);
    }

    @Test
    void warmupIterationDropsWhatItRecords() {
        bench.iterationWarmupDropped(channel);
        bench.baseline();

        assertThat(shared.latency.sampleInterval().getTotalCount()).isZero();
        assertThat(shared.counter.sum()).isZero();
    }

    @Test
    void recordLatencyCyclesThroughValuesAcrossMagnitudes() {
        for (int i = 0; i < RecorderBench.VALUES; i++) {
            bench.recordLatency(shared, channel);
        }

        var h = shared.latency.sampleInterval();
        assertThat(h.getTotalCount()).isEqualTo(RecorderBench.VALUES);
        assertThat(h.getMinValue()).isLessThan(1_000_000L); // below 1 ms
        assertThat(h.getMaxValue()).isGreaterThan(1_000_000_000L); // above 1 s
        assertThat(shared.latency.clampedCount()).isZero();
    }

    @Test
    void referenceRecorderKeepsItsValuesApartFromTheEngines() {
        bench.referenceSingleWriterRecorder(channel);

        assertThat(channel.singleWriter.getIntervalHistogram().getTotalCount()).isEqualTo(1);
        assertThat(shared.latency.sampleInterval().getTotalCount()).isZero();
    }

    @Test
    void sharedReferenceRecordsIntoItsOwnRecorder() {
        bench.referenceSharedRecorder(shared, channel);

        assertThat(shared.sharedMultiWriter.getIntervalHistogram().getTotalCount())
                .isEqualTo(1);
        assertThat(shared.latency.sampleInterval().getTotalCount()).isZero();
    }
}
