package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The whole report at a tiny scale (a few seconds): every part runs and measures every channel. */
class EngineScaleBenchTests {

    @Test
    void measuresEveryPartAtASmallScale() throws Exception {
        EngineScaleBench.Report report = EngineScaleBench.measure(new String[] {
            "--channels", "12", "--open-rate", "40", "--open-iteration-ms", "100",
            "--open-warmup-seconds", "0", "--open-seconds", "1", "--ramp-ms", "200"
        });

        assertThat(report.idle().channels()).isEqualTo(12);
        assertThat(report.idle().heapOneBytes()).isPositive();
        assertThat(report.idle().threadsMany()).isGreaterThanOrEqualTo(12);
        assertThat(report.coldRamp().engine().count())
                .as("the first, cold one-step ramp")
                .isEqualTo(12);
        assertThat(report.ramps()).extracting(EngineScaleBench.RampRow::steps).containsExactly(1, 10, 12);
        assertThat(report.ramps()).allSatisfy(row -> {
            assertThat(row.lag().engine().count()).isEqualTo(12);
            assertThat(row.lag().engineP99Nanos()).isNotNegative();
            assertThat(row.lag().scenarioSide().count()).isEqualTo(12);
            assertThat(row.lag().scenarioSide().p50Nanos()).isNotNegative();
        });
        assertThat(report.open().completed()).isPositive();
        assertThat(report.open().engineP99Nanos()).isNotNegative();
        // The scenario records every started arrival; the engine counts those that ended (cut ones are not).
        assertThat(report.open().scenarioSide().count())
                .isGreaterThanOrEqualTo(report.open().completed());
        assertThat(EngineScaleBench.format(report))
                .contains("bytes/channel")
                .contains("schedulingLagP99Nanos")
                .contains("first one-step ramp in this JVM (cold, then 5 warm-up ramps");
    }

    @Test
    void measuresAsynchronousChannelsWithoutAThreadEach() throws Exception {
        EngineScaleBench.Report report = EngineScaleBench.measure(new String[] {
            "--channels",
            "300",
            "--channels-kind",
            "async",
            "--open-rate",
            "40",
            "--open-iteration-ms",
            "100",
            "--open-warmup-seconds",
            "0",
            "--open-seconds",
            "1",
            "--ramp-ms",
            "200"
        });

        assertThat(report.idle().channels()).isEqualTo(300);
        assertThat(report.idle().threadsMany()).isLessThan(100);
        assertThat(report.ramps())
                .allSatisfy(row -> assertThat(row.lag().engine().count()).isEqualTo(300));
        assertThat(report.open().completed()).isPositive();
        assertThat(EngineScaleBench.format(report)).contains("300 channels (async)");
    }

    @Test
    void measuresNoColdRampWhenAskedForNoWarmUp() throws Exception {
        EngineScaleBench.Report report = EngineScaleBench.measure(new String[] {
            "--channels",
            "4",
            "--ramp-warmups",
            "0",
            "--open-rate",
            "20",
            "--open-iteration-ms",
            "10",
            "--open-warmup-seconds",
            "0",
            "--open-seconds",
            "1"
        });

        assertThat(report.coldRamp()).isNull();
        assertThat(EngineScaleBench.format(report)).doesNotContain("cold");
    }

    @Test
    void rejectsAnUnknownChannelKind() {
        assertThatThrownBy(() -> EngineScaleBench.measure(new String[] {"--channels-kind", "virtual"}))
                .hasMessageStartingWith("EngineScaleBench: --channels-kind must be threads");
    }

    @Test
    void assignsChannelsToRampStepsAsTheEngineDoes() {
        // The engine starts channels [(s-1)*n/steps, s*n/steps) in step s.
        assertThat(RampLag.stepOf(0, 10, 3)).isEqualTo(1);
        assertThat(RampLag.stepOf(2, 10, 3)).isEqualTo(1);
        assertThat(RampLag.stepOf(3, 10, 3)).isEqualTo(2);
        assertThat(RampLag.stepOf(9, 10, 3)).isEqualTo(3);
    }

    @Test
    void rejectsAnUnknownOptionNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> EngineScaleBench.measure(new String[] {"--chanels", "5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EngineScaleBench: unknown option '--chanels'; accepted: --channels --channels-kind"
                        + " --open-iteration-ms --open-rate --open-seconds --open-warmup-seconds --ramp-ms"
                        + " --ramp-warmups (each followed by a value)");
    }

    @Test
    void rejectsAChannelCountBelowTwo() {
        assertThatThrownBy(() -> EngineScaleBench.measure(new String[] {"--channels", "1"}))
                .hasMessage("EngineScaleBench: --channels must be between 2 and 100000, was 1");
    }
}
