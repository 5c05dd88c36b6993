package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.target.Endpoints;
import dev.speechload.sse.testing.ManyStreamsServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: the driver holds thousands of concurrent streams (no thread each) and counts every
 * event of every one. Asserts on counts only; the machine may be busy.
 */
@DisplayName("SSE: 2,000 concurrent streams through the engine")
class ManyStreamsTests {

    private static final int STREAMS = 2_000;
    private static final int EVENTS = 5;

    @Test
    void countsEveryEventOfTwoThousandConcurrentStreams() throws Exception {
        try (ManyStreamsServer server = ManyStreamsServer.start(EVENTS, 500)) {
            // One stream per channel, all started in one step: 2,000 open at once for ~2.5 s.
            LoadPlan plan = LoadPlan.closed(STREAMS).withIterations(1);
            TrialData data = new LoadRunner(plan)
                    .withEndpoints(new Endpoints(Map.of(Endpoints.HTTP, server.baseUrl())))
                    .withTimeLimit(Duration.ofMinutes(2))
                    .withGracePeriod(Duration.ofSeconds(30))
                    .run(SseScenario.get("/ticks").withReadTimeout(Duration.ofSeconds(30))
                            .withConnectTimeout(Duration.ofSeconds(30)), 0);

            assertThat(data.errorsByCode()).isEmpty();
            assertThat(server.streamsOpened()).isEqualTo(STREAMS);
            assertThat(data.completedIterations()).isEqualTo(STREAMS);
            assertThat(data.counters().get("sse.streams_ok").total()).isEqualTo(STREAMS);
            assertThat(data.counters().get("sse.events").total()).isEqualTo((long) STREAMS * EVENTS);
            assertThat(data.latencies().get("sse.event_gap").getTotalCount()).isEqualTo((long) STREAMS * (EVENTS - 1));
        }
    }
}
