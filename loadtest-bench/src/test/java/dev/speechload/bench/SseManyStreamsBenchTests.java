package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The many-streams report at a tiny scale: 50 streams of 8 events 250 ms apart (and the 8-stream
 * run it subtracts) through the engine against the tick server in a child JVM (about 10 s).
 * Asserts on counts, not speed.
 */
class SseManyStreamsBenchTests {

    @Test
    void countsEveryEventTheServerSentThroughTheEngine() throws Exception {
        SseManyStreamsBench.Report report = SseManyStreamsBench.measure(new String[] {
            "--streams",
            "50",
            "--events",
            "8",
            "--interval-ms",
            "250",
            "--ramp-steps",
            "5",
            "--ramp-interval-ms",
            "50",
            "--server-heap",
            "64m"
        });

        SseManyStreamsBench.Run many = report.many();
        assertThat(many.errorsByCode()).isEmpty();
        assertThat(many.serverSent()).isEqualTo(50L * 8);
        assertThat(many.counted()).isEqualTo(50L * 8);
        assertThat(many.seen()).isEqualTo(50L * 8);
        assertThat(many.streamsOk()).isEqualTo(50);
        assertThat(many.openAtReading()).isEqualTo(50);
        assertThat(report.few().counted()).isEqualTo(SseManyStreamsBench.FEW_STREAMS * 8L);
        assertThat(many.schedulingLag().count()).as("one start per stream").isEqualTo(50);
        assertThat(report.everyEvent()).isTrue();
        assertThat(SseManyStreamsBench.format(report))
                .contains("events: server sent 400, engine counted 400, listener saw 400 (expected 400)")
                .contains("every event received")
                .contains("generator heap per open stream: ");
    }

    @Test
    void rejectsAnUnknownThreadKindNamingTheOption() {
        assertThatThrownBy(() -> SseManyStreamsBench.measure(new String[] {"--channel-threads", "green"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SseManyStreamsBench: --channel-threads must be platform or virtual, was green");
    }
}
