package dev.speechload.core.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.junit.internal.ProgressLine;
import dev.speechload.core.result.IntervalSample;
import org.junit.jupiter.api.Test;

class ProgressLineTests {

    @Test
    void showsStepChannelsRateP99ErrorsAndTime() {
        IntervalSample s = new IntervalSample(12_300, 2, 40, false, 1234, 3, 1234.4, 5_000_000, 12_340_000);
        RunProgress p = new RunProgress(0, 1, s, 5, 100, 12_300, 60_000, () -> null);
        assertThat(ProgressLine.format("StreamTests.stream", p))
                .isEqualTo("StreamTests.stream  step 2/5  channels 40/100  1,234 it/s  p99 12.3 ms  errors 3  12s/60s");
    }

    @Test
    void marksWarmupAndTrialsAndOmitsUnknownValues() {
        IntervalSample s = new IntervalSample(900, 1, 3, true, 0, 0, 0, 0, 0);
        RunProgress p = new RunProgress(1, 3, s, 1, 3, 900, 0, () -> null);
        assertThat(ProgressLine.format("T.m", p))
                .isEqualTo("T.m  trial 2/3  warm-up  step 1/1  channels 3/3  0 it/s  p99 -  errors 0  1s");
    }
}
