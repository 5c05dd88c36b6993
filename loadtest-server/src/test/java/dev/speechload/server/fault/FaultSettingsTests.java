package dev.speechload.server.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultSettingsTests {

    private static FaultSettings latency(long latencyMs, double latencyFactor) {
        return new FaultSettings(latencyMs, 0, 0, 0, 0, 0, latencyFactor, 0);
    }

    @Test
    void reportsEveryBadValueTogether() {
        assertThatThrownBy(() -> new FaultSettings(-1, -2, -3, 0, 0, -4, 0.5, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'--fault-latency-ms' must be >= 0, was -1; "
                        + "'--fault-leak-bytes-per-request' must be >= 0, was -2; "
                        + "'--fault-fd-leak-every' must be >= 0, was -3; "
                        + "'--fault-crash-after' must be >= 0, was -4; "
                        + "'--fault-latency-factor' must be a finite number >= 1.0 (1.0 = off, 1.1 = 10 %"
                        + " slower), was 0.5; "
                        + "'--fault-chunk-cpu-us' must be >= 0, was -5");
    }

    @Test
    void rejectsALatencyFactorThatIsNotAFiniteNumber() {
        assertThatThrownBy(() -> latency(0, Double.NaN))
                .hasMessage("'--fault-latency-factor' must be a finite number >= 1.0 (1.0 = off, 1.1 ="
                        + " 10 % slower), was NaN");
        assertThatThrownBy(() -> latency(0, Double.POSITIVE_INFINITY)).hasMessageEndingWith("was Infinity");
    }

    @Test
    void requiresAStallPeriodLongerThanTheStall() {
        assertThatThrownBy(() -> new FaultSettings(0, 0, 0, 500, 500, 0, 1.0, 0))
                .hasMessage("'--fault-stall-every-ms' must be greater than '--fault-stall-ms' (500), " + "was 500");
    }

    @Test
    void namesTheFaultsThatAreOn() {
        assertThat(FaultSettings.none().enabledNames()).isEmpty();
        assertThat(new FaultSettings(5, 0, 2, 100, 1000, 0, 1.1, 250).enabledNames())
                .containsExactly(
                        "latency=5ms",
                        "latency-factor=1.1",
                        "chunk-cpu=250us",
                        "fd-leak-every=2",
                        "stall=100ms/1000ms");
    }

    @Test
    void holdsAResultBackForTheFactorMinusOneTimesItsEngineTimePlusTheFixedLatency() {
        assertThat(latency(0, 1.25).emitDelayNanos(40_000_000)).isEqualTo(10_000_000);
        assertThat(latency(5, 1.25).emitDelayNanos(40_000_000)).isEqualTo(15_000_000);
        assertThat(latency(0, 1.1).emitDelayNanos(40_000_000)).isEqualTo(4_000_000);
        assertThat(latency(7, 1.0).emitDelayNanos(40_000_000))
                .as("fixed latency only")
                .isEqualTo(7_000_000);
        assertThat(FaultSettings.none().emitDelayNanos(40_000_000)).isZero();
        assertThat(latency(0, 3.0).emitDelayNanos(-5))
                .as("a clock step back adds nothing")
                .isZero();
    }

    @Test
    void turnsTheChunkCpuCostIntoNanoseconds() {
        assertThat(new FaultSettings(0, 0, 0, 0, 0, 0, 1.0, 250).chunkCpuNanos())
                .isEqualTo(250_000);
        assertThat(FaultSettings.none().chunkCpuNanos()).isZero();
        assertThat(new FaultSettings(0, 0, 0, 0, 0, 0, 1.0, Long.MAX_VALUE).chunkCpuNanos())
                .as("saturates instead of overflowing")
                .isEqualTo(Long.MAX_VALUE);
    }
}
