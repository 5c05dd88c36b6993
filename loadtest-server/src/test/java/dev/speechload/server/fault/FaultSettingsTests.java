package dev.speechload.server.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultSettingsTests {

  @Test
  void reportsEveryBadValueTogether() {
    assertThatThrownBy(() -> new FaultSettings(-1, -2, -3, 0, 0, -4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'--fault-latency-ms' must be >= 0, was -1; "
            + "'--fault-leak-bytes-per-request' must be >= 0, was -2; "
            + "'--fault-fd-leak-every' must be >= 0, was -3; "
            + "'--fault-crash-after' must be >= 0, was -4");
  }

  @Test
  void requiresAStallPeriodLongerThanTheStall() {
    assertThatThrownBy(() -> new FaultSettings(0, 0, 0, 500, 500, 0))
        .hasMessage("'--fault-stall-every-ms' must be greater than '--fault-stall-ms' (500), "
            + "was 500");
  }

  @Test
  void namesTheFaultsThatAreOn() {
    assertThat(FaultSettings.none().enabledNames()).isEmpty();
    assertThat(new FaultSettings(5, 0, 2, 100, 1000, 0).enabledNames())
        .containsExactly("latency=5ms", "fd-leak-every=2", "stall=100ms/1000ms");
  }
}
