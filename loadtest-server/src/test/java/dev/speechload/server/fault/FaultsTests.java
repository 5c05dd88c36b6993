package dev.speechload.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.RecordingFaultTime;
import org.junit.jupiter.api.Test;

/** What the timing faults ask of their {@link FaultTime}, recorded instead of slept or burnt. */
class FaultsTests {

    private final RecordingFaultTime time = RecordingFaultTime.instant();

    private Faults faults(FaultSettings settings) {
        return new Faults(
                settings,
                status -> {
                    throw new AssertionError("no crash fault here");
                },
                time);
    }

    @Test
    void sleepsTheFactorMinusOneTimesTheWorkBeforeEachEmit() throws InterruptedException {
        Faults faults = faults(new FaultSettings(0, 0, 0, 0, 0, 0, 1.5, 0));

        faults.beforeEmit(20_000_000);
        faults.beforeEmit(60_000_000);

        assertThat(time.sleeps()).containsExactly(10_000_000L, 30_000_000L);
        assertThat(time.burns()).isEmpty();
    }

    @Test
    void burnsTheChunkCpuCostForEveryMessage() throws InterruptedException {
        Faults faults = faults(new FaultSettings(0, 0, 0, 0, 0, 0, 1.0, 300));

        for (int i = 0; i < 3; i++) {
            faults.onMessage();
        }
        faults.beforeEmit(20_000_000);

        assertThat(time.burns()).containsExactly(300_000L, 300_000L, 300_000L);
        assertThat(time.sleeps()).as("no latency fault is on").isEmpty();
    }

    @Test
    void spendsNoTimeWhenNoTimingFaultIsOn() throws InterruptedException {
        Faults faults = faults(FaultSettings.none());

        faults.onMessage();
        faults.beforeEmit(20_000_000);

        assertThat(time.sleeps()).isEmpty();
        assertThat(time.burns()).isEmpty();
    }
}
